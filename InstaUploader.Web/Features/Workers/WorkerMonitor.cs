using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Workers;

/// <summary>Marks workers whose heartbeats stopped as offline (seed 002 health_poll).</summary>
public sealed class WorkerMonitor(IServiceScopeFactory scopes, TimeProvider time, ILogger<WorkerMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan OfflineAfter = HeartbeatInterval * 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var cutoff = time.GetUtcNow() - OfflineAfter;
                var n = await db.Workers
                    .Where(w => w.Status != WorkerStatuses.Offline && w.LastHeartbeatAt < cutoff)
                    .ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, WorkerStatuses.Offline), stoppingToken);
                if (n > 0)
                {
                    logger.LogWarning("{Count} worker(s) missed heartbeats and are now offline", n);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Worker monitor pass failed");
            }
        }
    }
}
