using System.Text.Json;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.UiApi;

namespace InstaUploader.Worker.Jobs;

/// <summary>IWorkContext over the Web's API for one claimed item.</summary>
public sealed class WorkContext(ClaimedWork work, UiApiClient ui, MediaCache media, LogShipper logs, ILogger<WorkContext> logger)
    : IWorkContext, IAsyncDisposable
{
    public Task LogAsync(string line, CancellationToken ct)
    {
        logger.LogInformation("[{Kind} {Id}] {Line}", work.Kind, work.Id, line);
        if (work.ItemId is not { } itemId)
        {
            return ui.LogAsync(work, line, ct);
        }

        // Sent in a batch with other lines; the item's completion waits for it.
        logs.Enqueue(itemId, line);
        return Task.CompletedTask;
    }

    public Task AddCountersAsync(IReadOnlyDictionary<string, int> counters, CancellationToken ct)
    {
        if (work.ItemId is not { } itemId)
        {
            return ui.AddCountersAsync(work, counters, ct);
        }

        // Sent with the item's log lines, retried until the Web takes them; the item's completion waits for them.
        logs.EnqueueCounters(itemId, counters);
        return Task.CompletedTask;
    }

    public Task SaveAccountStateAsync(string? sessionSettings, string? cookiesJson, int? cookiesCount, CancellationToken ct)
    {
        if (work.Account.ValueKind != JsonValueKind.Object || !work.Account.TryGetProperty("id", out var id))
        {
            return Task.CompletedTask;
        }

        return ui.SaveAccountStateAsync(id.GetInt32(), new
        {
            session_settings = sessionSettings,
            cookies = cookiesJson,
            cookies_count = cookiesCount,
            logged_in = true,
            status = "active",
        }, ct);
    }

    public Task<string> DownloadMediaAsync(int mediaId, CancellationToken ct) => media.GetAsync(mediaId, ExpectedSha(mediaId), ct);

    private string? ExpectedSha(int mediaId)
    {
        foreach (var list in new[] { "videos" })
        {
            if (work.Payload.ValueKind == JsonValueKind.Object && work.Payload.TryGetProperty(list, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var v in items.EnumerateArray())
                {
                    if (v.TryGetProperty("id", out var id) && id.GetInt32() == mediaId && v.TryGetProperty("sha256", out var sha))
                    {
                        return sha.GetString();
                    }
                }
            }
        }

        return work.Payload.ValueKind == JsonValueKind.Object && work.Payload.TryGetProperty("media", out var m) && m.ValueKind == JsonValueKind.Object
               && m.GetProperty("id").GetInt32() == mediaId
            ? m.GetProperty("sha256").GetString()
            : null;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
