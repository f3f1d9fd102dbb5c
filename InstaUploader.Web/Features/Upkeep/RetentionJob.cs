using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Queue;
using InstaUploader.Web.Features.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Upkeep;

/// <summary>
/// Deletes what <see cref="RetentionOptions"/> no longer keeps, hourly on the upkeep leader, in batches of
/// <see cref="RetentionOptions.BatchSize"/> rows per statement (each its own transaction).
/// </summary>
public sealed class RetentionJob(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, UpkeepLeader leader, TimeProvider time, ILogger<RetentionJob> logger)
    : LeaderLoop(leader, time, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var removed = await ApplyAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), scope.ServiceProvider.GetRequiredService<WorkItems>(),
            scope.ServiceProvider.GetRequiredService<AuditLog>(), options.Value, Time.GetUtcNow(), ct);
        if (removed.Total > 0)
        {
            Logger.LogInformation("Retention removed {Metrics} metric samples, {Workers} stale workers, {Logs} log lines, {Tasks} finished tasks ({Items} items)",
                removed.Metrics, removed.Workers, removed.Logs, removed.Tasks, removed.Items);
        }
    }

    public sealed record Removed(int Metrics, int Workers, int Logs, int Tasks, int Items)
    {
        public int Total => Metrics + Workers + Logs + Tasks + Items;
    }

    public static async Task<Removed> ApplyAsync(AppDbContext db, WorkItems queue, AuditLog audit, RetentionOptions o, DateTimeOffset now, CancellationToken ct)
    {
        var batch = o.BatchSize;
        var metrics = o.WorkerMetricsDays == 0 ? 0 : await BatchedDelete.RepeatAsync(c => db.Database.ExecuteSqlInterpolatedAsync($"""
            DELETE FROM worker_metrics WHERE id IN (SELECT id FROM worker_metrics WHERE at < {now.AddDays(-o.WorkerMetricsDays)} LIMIT {batch})
            """, c), batch, ct);
        var workers = o.StaleWorkerDays == 0 ? 0 : await db.Database.ExecuteSqlInterpolatedAsync($"""
            DELETE FROM workers w WHERE w.last_heartbeat_at < {now.AddDays(-o.StaleWorkerDays)}
              AND NOT EXISTS (SELECT 1 FROM task_items i WHERE i.worker_id = w.id AND i.status = 'in_progress')
            """, ct);
        var logs = o.ItemLogDays == 0 ? 0 : await queue.ForgetLinesBeforeAsync(now.AddDays(-o.ItemLogDays), batch, ct);

        int tasks = 0, items = 0;
        if (o.FinishedTaskDays > 0)
        {
            var cutoff = now.AddDays(-o.FinishedTaskDays);
            foreach (var task in await db.Tasks.AsNoTracking()
                         .Where(t => t.FinishedAt < cutoff && (t.Status == TaskStatuses.Completed || t.Status == TaskStatuses.Failed || t.Status == TaskStatuses.Cancelled))
                         .OrderBy(t => t.Id).Select(t => new { t.Id, t.WorkspaceId, t.Kind, t.Name }).Take(1_000).ToListAsync(ct))
            {
                var forgotten = await queue.ForgetFinishedTaskAsync(task.Id, batch, ct);
                // A task deleted is on the trail whoever deletes it; here the system, by the retention setting.
                await audit.WriteAsync(AuditActions.TaskDeleted, "task", task.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), task.WorkspaceId,
                    new { task.Kind, task.Name, items = forgotten.Items, reason = $"finished more than {o.FinishedTaskDays} days ago" }, AuditCaller.System, ct);
                logs += forgotten.Logs;
                items += forgotten.Items;
                tasks += forgotten.Tasks;
            }
        }

        return new Removed(metrics, workers, logs, tasks, items);
    }
}
