using InstaUploader.Contracts;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>
/// One test per statement of the queue (QueueSql, run through WorkItems) against a throwaway database no Web serves:
/// claim, renew, release, complete, rescue, roll-up, append; and the CHECK constraints that refuse a status word the
/// queue does not know. Each test makes its own task, and claims only within it.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class QueueSqlTests(ControlPlaneFixture fx)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Claim_takes_the_due_queued_item_of_a_free_account_in_priority_order_under_a_lease()
    {
        await using var db = await fx.ScratchContextAsync();
        var account = await AccountAsync(db);
        var taskId = await TaskAsync(db, (account, 0), (account, 0), (null, 0), (null, 3600));
        var queue = Queue(db);

        var claimed = await queue.ClaimManyAsync("owner-a", 10, null, taskId, Lease, default);

        // One of the account's two items (the account lock), the item without an account, not the one due in an hour.
        Assert.Equal(2, claimed.Count);
        Assert.All(claimed, c => Assert.Equal((ItemStatuses.InProgress, 1, "owner-a"), (c.Item.Status, c.Item.Attempts, c.Item.LeaseOwner)));
        Assert.Equal(account, claimed.Single(c => c.Item.AccountId is not null).Item.Account!.Id);
        Assert.Null(await queue.ClaimNextAsync("owner-b", null, taskId, Lease, default));
    }

    [Fact]
    public async Task Renew_extends_only_the_owners_leases()
    {
        await using var db = await fx.ScratchContextAsync();
        var taskId = await TaskAsync(db, (null, 0));
        var queue = Queue(db);
        var id = (await queue.ClaimNextAsync("owner-a", null, taskId, TimeSpan.FromSeconds(30), default))!.Item.Id;

        var renewed = await queue.RenewLeasesAsync([id], "owner-a", TimeSpan.FromHours(1), default);
        var stolen = await queue.RenewLeasesAsync([id], "owner-b", TimeSpan.FromHours(2), default);

        Assert.Equal(id, Assert.Single(renewed).Id);
        Assert.True(renewed[0].Until > DateTimeOffset.UtcNow.AddMinutes(50));
        Assert.Empty(stolen);
    }

    [Fact]
    public async Task Release_hands_the_item_back_untried_and_only_for_its_owner()
    {
        await using var db = await fx.ScratchContextAsync();
        var taskId = await TaskAsync(db, (null, 0));
        var queue = Queue(db);
        var id = (await queue.ClaimNextAsync("owner-a", null, taskId, Lease, default))!.Item.Id;

        Assert.False(await queue.ReleaseAsync(id, "owner-b", default));
        Assert.True(await queue.ReleaseAsync(id, "owner-a", default));

        var item = await db.TaskItems.AsNoTracking().SingleAsync(i => i.Id == id);
        Assert.Equal((ItemStatuses.Queued, 0, null), (item.Status, item.Attempts, item.LeaseOwner));
    }

    [Fact]
    public async Task Complete_finishes_the_owners_item_stores_its_last_line_and_rolls_the_task_up()
    {
        await using var db = await fx.ScratchContextAsync();
        var taskId = await TaskAsync(db, (null, 0), (null, 0));
        var queue = Queue(db);
        var claimed = await queue.ClaimManyAsync("owner-a", 2, null, taskId, Lease, default);
        var (first, second) = (claimed[0].Item.Id, claimed[1].Item.Id);

        var notOwner = await queue.CompleteAsync(first, "owner-b", Done("not mine"), default);
        var done = await queue.CompleteAsync(first, "owner-a", Done("all done"), default);
        var retried = await queue.CompleteAsync(second, "owner-a", Failure(retryable: true), default);
        var missing = await queue.CompleteAsync(-1, "owner-a", Done(null), default);

        Assert.Equal((true, false), (notOwner.Found, notOwner.Owned));
        Assert.Equal(ItemStatuses.Done, done.Item!.Status);
        Assert.Equal(ItemStatuses.Queued, retried.Item!.Status);
        Assert.True(retried.Item.RunAfter > DateTimeOffset.UtcNow);
        Assert.False(missing.Found);
        Assert.Equal(["all done"], await db.ItemLogs.Where(l => l.ItemId == first).Select(l => l.Message).ToListAsync());
        Assert.Equal(TaskStatuses.Running, await TaskStatusAsync(db, taskId));

        await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE task_items SET run_after = now() WHERE id = {second}");
        var again = (await queue.ClaimNextAsync("owner-a", null, taskId, Lease, default))!.Item.Id;
        var failed = await queue.CompleteManyAsync("owner-a", [(again, Failure(retryable: false))], default);

        Assert.Equal(ItemStatuses.Failed, failed.Single().Item!.Status);
        Assert.Equal(TaskStatuses.Completed, await TaskStatusAsync(db, taskId));
    }

    [Fact]
    public async Task Rescue_returns_expired_leases_to_the_queue_and_fails_spent_ones_rolling_the_task_up()
    {
        await using var db = await fx.ScratchContextAsync();
        var taskId = await TaskAsync(db, (null, 0), (null, 0));
        var queue = Queue(db);
        var claimed = (await queue.ClaimManyAsync("owner-gone", 2, null, taskId, Lease, default)).Select(c => c.Item.Id).ToArray();
        var (spent, fresh) = (claimed[0], claimed[1]);
        await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE task_items SET lease_expires_at = now() - interval '1 minute' WHERE task_id = {taskId}");
        await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE task_items SET max_attempts = 1 WHERE id = {spent}");

        Assert.True(await queue.RescueExpiredAsync(default) >= 2);

        var items = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == taskId).ToDictionaryAsync(i => i.Id);
        Assert.Equal(ItemStatuses.Failed, items[spent].Status);
        Assert.Equal(ItemStatuses.Queued, items[fresh].Status);
        Assert.All(items.Values, i => Assert.Equal("lease expired: worker owner-gone stopped reporting", i.LastError));
        Assert.Equal(TaskStatuses.Running, await TaskStatusAsync(db, taskId));
    }

    [Fact]
    public async Task Rescuing_a_dead_workers_items_queues_them_at_once()
    {
        await using var db = await fx.ScratchContextAsync();
        var taskId = await TaskAsync(db, (null, 0));
        var queue = Queue(db);
        var owner = "restarted-" + Guid.NewGuid().ToString("n")[..8];
        var id = (await queue.ClaimNextAsync(owner, null, taskId, Lease, default))!.Item.Id;

        Assert.Equal(1, await queue.RescueOrphansOfAsync(owner, WorkItems.Restarted, default));

        var item = await db.TaskItems.AsNoTracking().SingleAsync(i => i.Id == id);
        Assert.Equal((ItemStatuses.Queued, 1, $"lease ended: worker {owner} restarted"), (item.Status, item.Attempts, item.LastError));
        Assert.True(item.RunAfter <= DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Roll_up_fails_a_task_whose_items_all_ended_without_success_and_leaves_one_with_work()
    {
        await using var db = await fx.ScratchContextAsync();
        var ended = await TaskAsync(db, (null, 0));
        var busy = await TaskAsync(db, (null, 0), (null, 0));
        var queue = Queue(db);
        var endedItem = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == ended).Select(i => i.Id).SingleAsync();
        var busyItem = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == busy).Select(i => i.Id).FirstAsync();

        Assert.True(await queue.CancelItemAsync(endedItem, ended, default));
        Assert.True(await queue.CancelItemAsync(busyItem, busy, default));

        Assert.Equal(TaskStatuses.Failed, await TaskStatusAsync(db, ended));
        Assert.Equal(TaskStatuses.Running, await TaskStatusAsync(db, busy));
    }

    [Fact]
    public async Task Append_stores_lines_and_counts_once_per_idempotency_key_and_skips_unknown_items()
    {
        await using var db = await fx.ScratchContextAsync();
        var taskId = await TaskAsync(db, (null, 0));
        var queue = Queue(db);
        var id = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == taskId).Select(i => i.Id).SingleAsync();
        var at = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        var key = "append-" + Guid.NewGuid().ToString("n");

        var first = await queue.AppendLogsAsync([(id, "line one"), (-5, "nobody's"), (id, "line two  ")], [new CounterDelta(id, 1, 0, 2, 0, 0)], key, at, default);
        var retry = await queue.AppendLogsAsync([(id, "line one"), (id, "line two  ")], [new CounterDelta(id, 1, 0, 2, 0, 0)], key, at, default);

        Assert.Equal((false, 2, taskId), (first.Duplicate, first.Appended, first.TaskId));
        Assert.Equal([id], first.Items);
        Assert.True(retry.Duplicate);
        var item = await db.TaskItems.AsNoTracking().SingleAsync(i => i.Id == id);
        Assert.Equal((1, 2), (item.Success, item.Likes));
        var texts = await queue.LogTextsOfTaskAsync(taskId, default);
        Assert.Equal("[2026-12-03 10:00:00] line one\n[2026-12-03 10:00:00] line two", texts[id]);
    }

    [Theory]
    [InlineData("task_items", "RUNNING")]
    [InlineData("task_items", "running")]
    [InlineData("tasks", "in_progress")]
    [InlineData("tasks", "")]
    public async Task A_status_word_the_queue_does_not_know_is_refused_by_the_database(string table, string status)
    {
        await using var db = await fx.ScratchContextAsync();
        var taskId = await TaskAsync(db, (null, 0));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => table == "tasks"
            ? db.Database.ExecuteSqlInterpolatedAsync($"UPDATE tasks SET status = {status} WHERE id = {taskId}")
            : db.Database.ExecuteSqlInterpolatedAsync($"UPDATE task_items SET status = {status} WHERE task_id = {taskId}"));

        Assert.Equal((PostgresErrorCodes.CheckViolation, $"ck_{table}_status"), (refused.SqlState, refused.ConstraintName));
    }

    private static WorkItems Queue(AppDbContext db) =>
        new(db, Options.Create(new QueueOptions()), TimeProvider.System, new QueueMeters(), NullLogger<WorkItems>.Instance);

    private static CompleteCommand Done(string? line) => new(ItemStatuses.Done, null, null, line, false, null, null);

    private static CompleteCommand Failure(bool retryable) => new(ItemStatuses.Failed, "broke", null, null, retryable, null, null);

    private static Task<string> TaskStatusAsync(AppDbContext db, int taskId) =>
        db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => t.Status).SingleAsync();

    private static async Task<int> AccountAsync(AppDbContext db)
    {
        var account = new Account
        {
            Username = OperatorApi.Unique("qsql"), Password = "s3cret!", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Accounts.Add(account);
        await db.SaveChangesAsync();
        return account.Id;
    }

    /// <summary>A running bulk login task with one queued item per (account, seconds until due).</summary>
    private static async Task<int> TaskAsync(AppDbContext db, params (int? Account, int DueInSeconds)[] items)
    {
        var now = DateTimeOffset.UtcNow;
        var task = new AutomationTask { Kind = TaskKinds.BulkLogin, Name = "queue sql", Status = TaskStatuses.Running, CreatedAt = now, StartedAt = now };
        foreach (var (account, due) in items)
        {
            task.Items.Add(new TaskItem
            {
                Kind = TaskKinds.BulkLogin, AccountId = account, Position = task.Items.Count, Status = ItemStatuses.Queued,
                RunAfter = now.AddSeconds(due == 0 ? -1 : due), CreatedAt = now, UpdatedAt = now,
            });
        }

        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return task.Id;
    }
}
