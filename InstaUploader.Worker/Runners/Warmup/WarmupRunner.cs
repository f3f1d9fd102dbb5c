using InstaUploader.Instagram.Mobile;
using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.Warmup;

/// <summary>
/// warmup: scrolls the home feed, likes a random number of its posts, watches stories and optionally follows some
/// of the feed's authors, like a person opening the app. Counters: likes, viewed (stories), follows. Through the
/// mobile API by default, in the browser (<see cref="BrowserWarmup"/>) when options.upload_method is "playwright".
/// The plan is drawn from the item's stable seed and a retried item does only what earlier attempts did not count.
/// </summary>
public sealed class WarmupRunner(MobileAccountLogin login, BrowserWarmup browser, ItemProgress progress, RunGuard guard) : IWorkRunner
{
    public IReadOnlyCollection<string> Kinds { get; } = [TaskKinds.Warmup];

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        var account = WorkAccount.From(work);
        var plan = WarmupPlan.From(work, Amount.StableFor(work));
        if (work.Attempts > 1)
        {
            // A retry (429, crash) does only what the earlier attempts did not count, so the account never does more than planned.
            var done = await progress.ReadAsync(work, ct);
            var left = plan.Less(done);
            if (left != plan)
            {
                await context.LogAsync($"Warm-up plan {plan}; earlier attempts counted {done.Likes} like(s), {done.Viewed} story(ies), {done.Follows} follow(s)", ct);
            }

            if (left.IsNothing && !plan.IsNothing)
            {
                return WorkOutcome.Ok(new { likes = done.Likes, viewed = done.Viewed, follows = done.Follows });
            }

            plan = left;
        }

        return await RunPlanAsync(work, account, plan, context, ct);
    }

    private Task<WorkOutcome> RunPlanAsync(ClaimedWork work, WorkAccount account, WarmupPlan plan, IWorkContext context, CancellationToken ct)
    {
        if (UploadMethods.ForAccountWork(work) == UploadMethod.Playwright)
        {
            return guard.RunAsync(work, context, account, () => browser.RunAsync(account, plan, context, ct));
        }

        return guard.RunAsync(work, context, account, async () =>
        {
            var session = await login.LoginAsync(account, context, ct);
            var client = login.Client;

            var feed = new Dictionary<long, MobileMedia>();
            for (var scroll = 0; scroll < plan.FeedScrolls; scroll++)
            {
                foreach (var media in await client.GetTimelineAsync(session, ct))
                {
                    feed.TryAdd(media.Pk, media);
                }
            }

            var others = feed.Values.Where(m => m.OwnerPk != session.UserPk).ToList();
            await context.LogAsync($"Scrolled the feed {plan.FeedScrolls} time(s): {feed.Count} post(s)", ct);

            var liked = 0;
            foreach (var media in others.OrderBy(_ => Random.Shared.Next()).Take(plan.Likes))
            {
                await client.LikeAsync(session, media.Id, ct);
                await context.CountAsync("likes", 1, ct);
                liked++;
            }

            await context.LogAsync($"Liked {liked} post(s) (wanted {plan.Likes})", ct);

            var stories = plan.Stories == 0
                ? []
                : (await client.GetReelsTrayAsync(session, ct)).SelectMany(r => r.Items).Take(plan.Stories).ToList();
            if (stories.Count > 0)
            {
                await client.MarkStoriesSeenAsync(session, stories, ct);
                await context.CountAsync("viewed", stories.Count, ct);
            }

            await context.LogAsync($"Watched {stories.Count} story(ies) (wanted {plan.Stories})", ct);

            var followed = await plan.FollowSomeAsync(
                others.Select(m => m.OwnerUsername), author => client.FollowAsync(session, author, ct), context, ct);

            await MobileAccountLogin.SaveAsync(session, context, ct);
            await context.LogAsync($"Warm-up of {account} done", ct);
            return WorkOutcome.Ok(new { scrolls = plan.FeedScrolls, likes = liked, viewed = stories.Count, follows = followed });
        });
    }
}
