using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Queue;

/// <summary>A running task is finished once none of its items can still run: completed if any item succeeded.</summary>
public static class TaskRollup
{
    public static Task UpdateAsync(AppDbContext db, int taskId, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE tasks t SET
                status = CASE WHEN EXISTS (SELECT 1 FROM task_items d WHERE d.task_id = t.id AND d.status = 'done') THEN 'completed' ELSE 'failed' END,
                finished_at = now()
            WHERE t.id = {taskId} AND t.status = 'running'
              AND NOT EXISTS (SELECT 1 FROM task_items i WHERE i.task_id = t.id AND i.status IN ('pending', 'queued', 'in_progress'))
            """, ct);
}
