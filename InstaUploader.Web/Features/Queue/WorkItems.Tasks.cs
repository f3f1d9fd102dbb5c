using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// A task's items as a whole: queued when the task starts, cancelled with it, failed or cancelled ones queued again (WorkItems.Retry.cs); and the task's
/// roll-up once none of its items can still run. <paramref name="task"/> arguments are entities tracked by the same
/// (scoped) DbContext, whose task-level changes are saved with the items' change. Like an aggregate's methods they
/// refuse a transition the task's state does not allow (callers check first, to answer the operator plainly).
/// </summary>
public sealed partial class WorkItems
{
    /// <summary>
    /// Queues the task's pending items — a scheduled one not before its due time — and marks the task running, then rolls it
    /// up (a task without items finishes). Answers how many were queued.
    /// </summary>
    public async Task<int> QueueTaskAsync(AutomationTask task, CancellationToken ct)
    {
        EnsureNotFinished(task, "started");
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var queued = await db.TaskItems.Where(i => i.TaskId == task.Id && i.Status == ItemStatuses.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatuses.Queued)
                .SetProperty(i => i.RunAfter, i => i.DueAt != null && i.DueAt > now ? i.DueAt.Value : now).SetProperty(i => i.UpdatedAt, now), ct);
        task.Status = TaskStatuses.Running;
        task.StartedAt ??= now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await RollUpAsync(task.Id, ct);
        return queued;
    }

    /// <summary>Cancels the task's items that have not started; items in progress finish their current step.</summary>
    public async Task CancelTaskAsync(AutomationTask task, CancellationToken ct)
    {
        EnsureNotFinished(task, "cancelled");
        var now = time.GetUtcNow();
        await db.TaskItems.Where(i => i.TaskId == task.Id && (i.Status == ItemStatuses.Pending || i.Status == ItemStatuses.Queued))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatuses.Cancelled).SetProperty(i => i.FinishedAt, now).SetProperty(i => i.UpdatedAt, now), ct);
        task.Status = TaskStatuses.Cancelled;
        task.FinishedAt = now;
        task.Log = LogText.Append(task.Log, "Cancelled by operator; items in progress finish their current step.", now);
        await db.SaveChangesAsync(ct);
    }

    private static void EnsureNotFinished(AutomationTask task, string transition)
    {
        if (TaskStatuses.IsTerminal(task.Status))
        {
            throw new InvalidOperationException($"Task {task.Id} is {task.Status}; it cannot be {transition}.");
        }
    }

    /// <summary>Rolls the task up after some of its items finished (committed): lock and roll-up in one round trip.</summary>
    private Task RollUpAsync(int taskId, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(QueueSql.RollUpTask, [new NpgsqlParameter<int>("task", taskId)], ct);
}
