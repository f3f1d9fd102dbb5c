using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Queue;

public sealed partial class WorkItems
{
    /// <summary>
    /// Queues the task's items of <paramref name="scope"/> again with fresh attempts and runs the task again; answers
    /// how many it queued and what it left (nothing changes when it queued none).
    /// </summary>
    public async Task<RetryResult> RetryAsync(AutomationTask task, RetryScope scope, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var requeued = await db.TaskItems.Where(i => i.TaskId == task.Id).Where(ItemRetry.Of(scope))
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, ItemStatuses.Queued).SetProperty(i => i.Attempts, 0).SetProperty(i => i.RunAfter, now)
                .SetProperty(i => i.PermanentFailure, false)
                .SetProperty(i => i.FinishedAt, (DateTimeOffset?)null).SetProperty(i => i.UpdatedAt, now), ct);
        var left = await db.TaskItems.Where(i => i.TaskId == task.Id && (i.Status == ItemStatuses.Failed || i.Status == ItemStatuses.Cancelled))
            .GroupBy(i => new { i.Status, i.PermanentFailure })
            .Select(g => new { g.Key.Status, g.Key.PermanentFailure, Count = g.Count() }).ToListAsync(ct);
        var result = new RetryResult(scope, requeued,
            RetryableLeft: left.Where(g => g.Status == ItemStatuses.Failed && !g.PermanentFailure).Sum(g => g.Count),
            CancelledLeft: left.Where(g => g.Status == ItemStatuses.Cancelled).Sum(g => g.Count),
            PermanentLeft: left.Where(g => g.Status == ItemStatuses.Failed && g.PermanentFailure).Sum(g => g.Count));
        if (requeued == 0)
        {
            return result;
        }

        task.Status = TaskStatuses.Running;
        task.StartedAt ??= now;
        task.FinishedAt = null;
        task.Log = LogText.Append(task.Log, result.Message, now);
        await db.SaveChangesAsync(ct);
        return result;
    }
}
