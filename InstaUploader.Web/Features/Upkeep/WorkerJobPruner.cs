using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Upkeep;

/// <summary>
/// Forgets the jobs workers recorded (one row per start call, so one per dispatch) once nobody polls them any more: the
/// original Web polls a job while its task runs, never for a week. Runs on the <see cref="UpkeepLeader"/> replica only.
/// </summary>
public sealed class WorkerJobPruner(IServiceScopeFactory scopes, UpkeepLeader leader, TimeProvider time, ILogger<WorkerJobPruner> logger)
    : BackgroundService
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!leader.IsLeader)
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var cutoff = time.GetUtcNow() - Retention;
                var removed = await scope.ServiceProvider.GetRequiredService<AppDbContext>().WorkerJobs
                    .Where(j => j.AcceptedAt < cutoff).ExecuteDeleteAsync(stoppingToken);
                if (removed > 0)
                {
                    logger.LogInformation("Forgot {Count} worker jobs older than {Retention}", removed, Retention);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Worker job pruning failed; the next pass tries again");
            }
        }
    }
}
