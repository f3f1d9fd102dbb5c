using InstaUploader.Web.Features.Upkeep;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Canary;

/// <summary>
/// Runs the scheduled canary on the <see cref="UpkeepLeader"/> replica only, so one canary is queued per interval
/// however many Web replicas run; the queue then gives it to exactly one worker.
/// </summary>
public sealed class CanaryScheduler(IServiceScopeFactory scopes, UpkeepLeader leader, IOptions<CanaryOptions> options, TimeProvider time, ILogger<CanaryScheduler> logger)
    : BackgroundService
{
    private static readonly TimeSpan LongestCheck = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval < LongestCheck ? options.Value.Interval : LongestCheck, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!leader.IsLeader)
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<CanarySchedule>().EnqueueIfDueAsync(stoppingToken) is { } taskId)
                {
                    logger.LogInformation("Queued the scheduled web canary as task {TaskId}", taskId);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Queuing the scheduled canary failed; the next check tries again");
            }
        }
    }
}
