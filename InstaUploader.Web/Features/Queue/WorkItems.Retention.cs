using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Queue;

public sealed partial class WorkItems
{
    /// <summary>
    /// Forgets a finished task with its items and their log lines, <paramref name="batch"/> rows per statement so a large
    /// task never holds a long lock (retention, <c>RetentionJob</c>). Returns what went.
    /// </summary>
    public async Task<(int Logs, int Items, int Tasks)> ForgetFinishedTaskAsync(int taskId, int batch, CancellationToken ct)
    {
        var logs = await BatchedDelete.RepeatAsync(c => db.Database.ExecuteSqlInterpolatedAsync($"""
            DELETE FROM item_logs WHERE id IN (SELECT id FROM item_logs WHERE task_id = {taskId} LIMIT {batch})
            """, c), batch, ct);
        var items = await BatchedDelete.RepeatAsync(c => db.Database.ExecuteSqlInterpolatedAsync($"""
            DELETE FROM task_items WHERE id IN (SELECT id FROM task_items WHERE task_id = {taskId} LIMIT {batch})
            """, c), batch, ct);
        var tasks = await db.Tasks.Where(t => t.Id == taskId).ExecuteDeleteAsync(ct);
        return (logs, items, tasks);
    }
}
