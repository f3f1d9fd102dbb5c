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

    /// <summary>Workers asked at once; each answer is waited for at most <see cref="WorkerHealthClient.Timeout"/>.</summary>
    public const int ParallelPolls = 16;

    private async Task PollAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var client = scope.ServiceProvider.GetRequiredService<WorkerHealthClient>();
        var cutoff = time.GetUtcNow() - OfflineAfter;
        var workers = await db.Workers.ToListAsync(ct);
        // Concurrently, so a few hung workers cost one timeout, not one each, and the poll stays within its period.
        var healthy = new bool[workers.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, workers.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelPolls, CancellationToken = ct },
            async (i, token) => healthy[i] = workers[i].LastHeartbeatAt >= cutoff
                && Uri.TryCreate(workers[i].BaseUrl, UriKind.Absolute, out var url)
                && await client.IsHealthyAsync(url, token));
        for (var i = 0; i < workers.Count; i++)
        {
            var worker = workers[i];
            var status = healthy[i] ? (worker.Status == WorkerStatuses.Draining ? WorkerStatuses.Draining : WorkerStatuses.Online) : WorkerStatuses.Offline;
            if (status != worker.Status)
            {
                logger.LogWarning("Worker {Worker} is now {Status}", worker.Id, status);
                worker.Status = status;
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
