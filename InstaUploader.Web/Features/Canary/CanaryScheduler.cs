using InstaUploader.Web.Features.Upkeep;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Canary;

/// <summary>
/// Runs the scheduled canary on the <see cref="UpkeepLeader"/> replica only, so one canary is queued per interval
/// however many Web replicas run; the queue then gives it to exactly one worker.
/// </summary>
public sealed class CanaryScheduler(IServiceScopeFactory scopes, UpkeepLeader leader, IOptions<CanaryOptions> options, TimeProvider time, ILogger<CanaryScheduler> logger)
    : LeaderLoop(leader, time, logger)
{
    private static readonly TimeSpan LongestCheck = TimeSpan.FromMinutes(1);

    protected override TimeSpan Interval => options.Value.Interval < LongestCheck ? options.Value.Interval : LongestCheck;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.Enabled ? base.ExecuteAsync(stoppingToken) : Task.CompletedTask;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (await scope.ServiceProvider.GetRequiredService<CanarySchedule>().EnqueueIfDueAsync(ct) is { } taskId)
        {
            Logger.LogInformation("Queued the scheduled web canary as task {TaskId}", taskId);
        }
    }
}
