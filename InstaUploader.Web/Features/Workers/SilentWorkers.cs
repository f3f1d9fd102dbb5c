using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Queue;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Workers;

/// <summary>
/// Hands back the items of a worker that died without a successor (docs/protocol.md#rescue): a worker holding items
/// whose heartbeats stopped (none for <see cref="SilentAfter"/>) and whose process does not answer its health route
/// within <see cref="ProbeTimeout"/> is dead or frozen, and its items are queued again at once instead of waiting out
/// their leases. Both signals are needed: a Web or database outage stops heartbeats from landing but leaves live
/// workers answering, and a worker too busy to answer one probe is still heartbeating.
/// </summary>
public sealed class SilentWorkers(AppDbContext db, WorkItems items, WorkerHealthClient client, TimeProvider time, ILogger<SilentWorkers> logger)
{
    /// <summary>A heartbeat interval and a margin for a slow beat.</summary>
    public static readonly TimeSpan SilentAfter = WorkerMonitor.HeartbeatInterval + TimeSpan.FromSeconds(2);

    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Probes the silent workers that hold items and rescues the items of those that do not answer; returns how many came back.</summary>
    public async Task<int> RescueAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - SilentAfter;
        var silent = await db.Workers.AsNoTracking()
            .Where(w => w.LastHeartbeatAt < cutoff
                        && db.TaskItems.Any(i => i.Status == ItemStatuses.InProgress && i.LeaseOwner == w.Id))
            .Select(w => new { w.Id, w.BaseUrl })
            .ToListAsync(ct);
        var rescued = 0;
        foreach (var worker in silent)
        {
            // A worker announced at an address the Web cannot parse cannot be asked; its leases decide.
            if (!Uri.TryCreate(worker.BaseUrl, UriKind.Absolute, out var url) || await client.AnswersAsync(url, ProbeTimeout, ct))
            {
                continue;
            }

            logger.LogWarning("Worker {Worker} sent no heartbeat for {Seconds}s and does not answer; handing its items back",
                worker.Id, SilentAfter.TotalSeconds);
            await db.Workers.Where(w => w.Id == worker.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, WorkerStatuses.Offline), ct);
            rescued += await items.RescueOrphansOfAsync(worker.Id, WorkItems.StoppedAnswering, ct);
        }

        return rescued;
    }
}
