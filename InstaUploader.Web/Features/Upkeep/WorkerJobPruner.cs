using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Upkeep;

/// <summary>
/// Forgets the jobs workers recorded (one row per start call, so one per dispatch) once nobody polls them any more: the
/// original Web polls a job while its task runs, never for a week. Runs on the <see cref="UpkeepLeader"/> replica only.
/// </summary>
public sealed class WorkerJobPruner(IServiceScopeFactory scopes, UpkeepLeader leader, TimeProvider time, ILogger<WorkerJobPruner> logger)
    : LeaderLoop(leader, time, logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var cutoff = Time.GetUtcNow() - Retention;
        var removed = await scope.ServiceProvider.GetRequiredService<AppDbContext>().WorkerJobs
            .Where(j => j.AcceptedAt < cutoff).ExecuteDeleteAsync(ct);
        if (removed > 0)
        {
            Logger.LogInformation("Forgot {Count} worker jobs older than {Retention}", removed, Retention);
        }
    }
}
