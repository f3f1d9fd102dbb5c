using System.Text.Json;
using InstaUploader.Contracts.Accounts;
using InstaUploader.Contracts.Queue;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.Runners.Common;
using InstaUploader.Worker.WebApi;

namespace InstaUploader.Worker.Jobs;

/// <summary>IWorkContext over the Web's API for one claimed item.</summary>
public sealed class WorkContext(ClaimedWork work, WebApiClient web, MediaCache media, LogShipper logs, LeaseRenewer leases, ILogger<WorkContext> logger)
    : IWorkContext, IAsyncDisposable
{
    public Task LogAsync(string line, CancellationToken ct)
    {
        logger.LogInformation("[{Kind} {Id}] {Line}", work.Kind, work.Id, line);
        if (work.ItemId is not { } itemId)
        {
            return web.LogAsync(work, line, ct);
        }

        // Sent in a batch with other lines; the item's completion waits for it.
        logs.Enqueue(itemId, line);
        return Task.CompletedTask;
    }

    public async Task AddCountersAsync(IReadOnlyDictionary<string, int> counters, CancellationToken ct)
    {
        if (work.ItemId is not { } itemId)
        {
            await web.AddCountersAsync(work, counters, ct);
            return;
        }

        // The Web adds counters whoever sends them: a run that lost its item (frozen, rescued, taken over) must not
        // count what the new owner counts too.
        await leases.EnsureHeldAsync(itemId, ct);

        // Sent with the item's log lines, retried until the Web takes them; the item's completion waits for them.
        logs.EnqueueCounters(itemId, counters);
    }

    public Task SaveAccountStateAsync(string? sessionSettings, string? cookiesJson, int? cookiesCount, CancellationToken ct)
    {
        if (work.Account is not { } account)
        {
            return Task.CompletedTask;
        }

        return web.SaveAccountStateAsync(account.Id, new SessionRequest(sessionSettings, cookiesJson, cookiesCount, true, AccountStatuses.Active, null), ct);
    }

    public Task<string> DownloadMediaAsync(int mediaId, CancellationToken ct) => media.GetAsync(mediaId, ExpectedSha(mediaId), ct);

    public Task EnsureLeaseAsync(CancellationToken ct) => work.ItemId is { } itemId ? leases.EnsureHeldAsync(itemId, ct) : Task.CompletedTask;

    private string? ExpectedSha(int mediaId)
    {
        var payload = work.CommonPayload();
        if (payload?.Rest?.GetValueOrDefault("videos") is { ValueKind: JsonValueKind.Array } videos
            && videos.Deserialize<List<VideoBlock>>(ProtocolJson.Options)?.FirstOrDefault(v => v.Id == mediaId) is { } video)
        {
            return video.Sha256;
        }

        return payload?.Media is { } media && media.Id == mediaId ? media.Sha256 : null;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
