using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Queue;
using InstaUploader.Web.Features.Security;
using InstaUploader.Web.Features.Upkeep;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>
/// Retention deletes metric samples, stale workers, log lines and finished tasks past their days, in batches, and
/// keeps what is younger, a worker still holding an item, and unfinished tasks. Rows are dated ~3 years back so the
/// shared database's other rows are never in reach.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class RetentionJobTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task Rows_past_their_days_go_in_batches_and_the_rest_stay()
    {
        await using var db = new AppDbContext(
            new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(await fx.ConnectionStringAsync()).UseSnakeCaseNamingConvention().Options,
            new EphemeralDataProtectionProvider());
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-1_100);
        var kept = now.AddDays(-900);
        var tag = "retention-" + Guid.NewGuid().ToString("n")[..12];
        db.WorkerMetrics.AddRange(Enumerable.Range(0, 7).Select(_ => new WorkerMetricSample { WorkerId = tag, Metrics = "{}", At = old }));
        db.WorkerMetrics.Add(new WorkerMetricSample { WorkerId = tag, Metrics = "{}", At = kept });
        db.Workers.AddRange(
            new WorkerNode { Id = tag + "-gone", BaseUrl = "http://10.9.9.9:9000", Status = WorkerStatuses.Offline, LastHeartbeatAt = old },
            new WorkerNode { Id = tag + "-holding", BaseUrl = "http://10.9.9.8:9000", Status = WorkerStatuses.Offline, LastHeartbeatAt = old });
        await db.SaveChangesAsync();
        var finished = await SeedTaskAsync(db, "completed", old, items: 5);
        var running = await SeedTaskAsync(db, "running", null, items: 2);
        await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE task_items SET status = 'in_progress', worker_id = {tag + "-holding"} WHERE task_id = {running}");
        db.ItemLogs.AddRange(Enumerable.Range(0, 3).Select(_ => new ItemLog { ItemId = -1, TaskId = running, Message = tag, At = old }));
        db.ItemLogs.Add(new ItemLog { ItemId = -1, TaskId = running, Message = tag, At = kept });
        db.ItemLogs.Add(new ItemLog { ItemId = -1, TaskId = finished, Message = tag, At = kept });
        await db.SaveChangesAsync();

        var queue = new WorkItems(db, Options.Create(new QueueOptions()), TimeProvider.System, new QueueMeters(), NullLogger<WorkItems>.Instance);
        var audit = new AuditLog(db, new Microsoft.AspNetCore.Http.HttpContextAccessor(), TimeProvider.System);
        var removed = await RetentionJob.ApplyAsync(db, queue, audit, new RetentionOptions
        {
            WorkerMetricsDays = 1_000, StaleWorkerDays = 1_000, ItemLogDays = 1_000, FinishedTaskDays = 1_000, BatchSize = 100,
        }, now, CancellationToken.None);

        Assert.True(removed.Metrics >= 7 && removed.Tasks >= 1 && removed.Items >= 5, removed.ToString());
        Assert.Equal(1, await db.WorkerMetrics.CountAsync(m => m.WorkerId == tag));
        Assert.Equal([tag + "-holding"], await db.Workers.Where(w => w.Id.StartsWith(tag)).Select(w => w.Id).ToListAsync());
        Assert.Equal([running], await db.ItemLogs.Where(l => l.Message == tag).Select(l => l.TaskId).ToListAsync());
        Assert.False(await db.Tasks.AnyAsync(t => t.Id == finished));
        Assert.False(await db.TaskItems.AnyAsync(i => i.TaskId == finished));
        Assert.Equal(2, await db.TaskItems.CountAsync(i => i.TaskId == running));

        // The deletion is on the audit trail, by the system.
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.TaskDeleted && e.RecordId == finished.ToString());
        Assert.Equal("system", entry.Actor);
        Assert.Contains("\"items\":5", entry.Details, StringComparison.Ordinal);
    }

    private static async Task<int> SeedTaskAsync(AppDbContext db, string status, DateTimeOffset? finishedAt, int items)
    {
        var ids = await db.Database.SqlQuery<int>($"""
            WITH t AS (INSERT INTO tasks (kind, name, status, log, options, created_at, started_at, finished_at)
                       VALUES ('bulk_login', 'retention', {status}, '', jsonb_build_object(), now(), now(), {finishedAt}) RETURNING id),
                 i AS (INSERT INTO task_items (task_id, kind, position, status, priority, attempts, max_attempts, run_after,
                                               success, failed, likes, follows, viewed, created_at, updated_at)
                       SELECT t.id, 'bulk_login', g, 'done', 0, 0, 3, now(), 0, 0, 0, 0, 0, now(), now()
                       FROM t, generate_series(1, {items}) g)
            SELECT id AS "Value" FROM t
            """).ToListAsync();
        return ids.Single();
    }
}
