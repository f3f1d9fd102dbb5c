using InstaUploader.Instagram;
using InstaUploader.Worker.Runners.Common;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Runners.BulkUpload;

/// <summary>
/// bulk_upload: posts every video of the task as a Reel on the item's account, by the task's upload method (else
/// the worker's UPLOAD_METHOD). Counts success/failed per video. A retried item resumes after the videos its
/// earlier attempts counted as posted.
/// A video can be on the account without being counted: Instagram published it but the answer was lost, or the
/// worker crashed before the count. So before a video is tried again (after a broken upload in the run, and the
/// first video of a retried item) the channel is asked whether it is already there: the browser reads the
/// account's recent posts; the mobile method needs no look-up, since publishing again under the same upload_id
/// answers with the existing post. Either way a video is posted once.
/// </summary>
public sealed class BulkUploadRunner(
    IEnumerable<IReelPublisher> publishers,
    ItemProgress progress,
    IOptions<RunnerOptions> options,
    IOptions<WorkerOptions> worker,
    TimeProvider time,
    ILogger<BulkUploadRunner> logger) : IWorkRunner
{
    public IReadOnlyCollection<string> Kinds { get; } = [TaskKinds.BulkUpload];

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        var account = WorkAccount.From(work);
        var reels = ReelPlan.From(work);
        if (reels.Count == 0)
        {
            await context.LogAsync("The task has no videos to upload", ct);
            return WorkOutcome.Fail("The task has no videos to upload.");
        }

        var method = UploadMethods.Choose(work, worker.Value.UploadMethod, UploadMethod.Playwright);
        var run = new Run(Math.Min((await progress.ReadAsync(work, ct)).Success, reels.Count));
        if (run.Posted == reels.Count)
        {
            await context.LogAsync($"All {reels.Count} video(s) were posted on {account} by an earlier attempt", ct);
            return WorkOutcome.Ok(new { posted = run.Posted, method = method.Name() });
        }

        await context.LogAsync($"Bulk upload to {account}: {reels.Count} video(s) via {method.Name()} on worker {worker.Value.WorkerId} (attempt {work.Attempts})"
                               + (run.Posted > 0 ? $", resuming after {run.Posted} posted by an earlier attempt" : ""), ct);
        var codes = new List<string>();
        try
        {
            var publisher = publishers.Single(p => p.Method == method);
            await using var channel = await publisher.OpenAsync(account, context, ct);
            var posting = new Posting(channel, context, reels.Count, PostsSince(work), codes);
            var lookFirst = work.Attempts > 1; // an earlier attempt may have posted the next video and died before counting it
            foreach (var reel in reels.Skip(run.Posted))
            {
                await PostAsync(posting, reel, lookFirst, ct);
                lookFirst = false;
                run.Posted++;
            }

            await channel.SaveStateAsync(context, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException && RunFailure.From(e, account, options.Value) is { } failure)
        {
            var givingUp = !failure.Retryable || RunFailure.IsLastAttempt(work);
            await context.TryLogAsync($"{failure.Reason}{(givingUp ? "" : " (will retry)")}; {run.Posted}/{reels.Count} video(s) posted", logger);
            if (givingUp)
            {
                await context.CountAsync("failed", reels.Count - run.Posted, ct);
            }

            return failure.ToOutcome();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await context.TryLogAsync($"Unexpected error after {run.Posted}/{reels.Count} video(s): {e.Message}", logger);
            throw;
        }

        await context.LogAsync($"Done: {reels.Count} video(s) posted on {account}", ct);
        // The codes of the Reels this attempt posted or found, so the operator's item page can link to them.
        return WorkOutcome.Ok(new { posted = reels.Count, method = method.Name(), codes });
    }

    private async Task PostAsync(Posting posting, PlannedReel reel, bool lookFirst, CancellationToken ct)
    {
        if (lookFirst && await AlreadyPostedAsync(posting, reel, ct))
        {
            return;
        }

        var context = posting.Context;
        var path = await context.DownloadMediaAsync(reel.MediaId, ct);
        await context.LogAsync($"Uploading video {reel.Number}/{posting.Total} (media {reel.MediaId})", ct);
        string? code;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A process frozen while another worker took the item over must not post on thawing.
                await context.EnsureLeaseAsync(ct);
                code = await posting.Channel.PublishAsync(reel, path, ct);
                break;
            }
            catch (UploadFailedException e)
            {
                var lastTry = attempt >= options.Value.UploadTriesPerVideo;
                if (!lastTry)
                {
                    await context.LogAsync($"Upload of video {reel.Number} broke ({e.Message}); trying again", ct);
                    await Task.Delay(TimeSpan.FromMilliseconds(options.Value.UploadRetryDelayMs), time, ct);
                }

                // Also after the last try: a broken answer may hide a published reel, which must not count as failed.
                if (await AlreadyPostedAsync(posting, reel, ct))
                {
                    return;
                }

                if (lastTry)
                {
                    throw;
                }
            }
        }

        await context.CountAsync("success", 1, ct);
        if (code is not null)
        {
            posting.Codes.Add(code);
        }

        await context.LogAsync($"Posted video {reel.Number}/{posting.Total}{(code is null ? "" : $" ({code})")}: caption \"{reel.Caption}\""
                               + (reel.Location is { } place ? $", location {place}" : ""), ct);
    }

    /// <summary>Counts the video as posted when an earlier try already put it on the account.</summary>
    private static async Task<bool> AlreadyPostedAsync(Posting posting, PlannedReel reel, CancellationToken ct)
    {
        if (await posting.Channel.FindPublishedAsync(reel, posting.Since, ct) is not { } code)
        {
            return false;
        }

        await posting.Context.CountAsync("success", 1, ct);
        posting.Codes.Add(code);
        await posting.Context.LogAsync($"Video {reel.Number}/{posting.Total} was already posted (code {code}) by an earlier try; not posting it again", ct);
        return true;
    }

    /// <summary>
    /// The item's posts cannot be older than its first start (the claim's query_started). Without one, its creation;
    /// without that either, a day back.
    /// </summary>
    private DateTimeOffset PostsSince(ClaimedWork work) =>
        work.QueryStarted ?? work.QueryCreated ?? time.GetUtcNow().AddDays(-1);

    private sealed record Posting(IReelChannel Channel, IWorkContext Context, int Total, DateTimeOffset Since, List<string> Codes);

    /// <summary>
    /// Videos posted so far, earlier attempts included. Videos go strictly in order and a run stops at the first
    /// failure, so the posted ones are always the first <see cref="Posted"/>: that is what makes resuming by count safe.
    /// </summary>
    private sealed class Run(int posted)
    {
        public int Posted { get; set; } = posted;
    }
}
