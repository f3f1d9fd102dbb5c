using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Upkeep;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Workers;

/// <summary>
/// The health poll (docs/protocol.md#registration): every interval, a worker is online only if it answers GET /api/v1/health and its
/// heartbeats are recent; otherwise it is marked offline (and dispatch skips it). Run by the upkeep leader only.
/// </summary>
public sealed class WorkerMonitor(IServiceScopeFactory scopes, UpkeepLeader leader, TimeProvider time, ILogger<WorkerMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan OfflineAfter = HeartbeatInterval * 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!leader.IsLeader)
            {
                continue;
            }

            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Worker health poll failed");
            }
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var client = scope.ServiceProvider.GetRequiredService<WorkerControlClient>();
        var cutoff = time.GetUtcNow() - OfflineAfter;
        foreach (var worker in await db.Workers.ToListAsync(ct))
        {
            var healthy = worker.LastHeartbeatAt >= cutoff
                          && Uri.TryCreate(worker.BaseUrl, UriKind.Absolute, out var url)
                          && await client.IsHealthyAsync(url, ct);
            var status = healthy ? (worker.Status == WorkerStatuses.Draining ? WorkerStatuses.Draining : WorkerStatuses.Online) : WorkerStatuses.Offline;
            if (status != worker.Status)
            {
                logger.LogWarning("Worker {Worker} is now {Status}", worker.Id, status);
                worker.Status = status;
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
