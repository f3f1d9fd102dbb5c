namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// A running task is finished once none of its items can still run: completed if any item succeeded.
/// Every roll-up first takes a per-task transaction lock, then decides in a fresh statement (a fresh snapshot):
/// whoever finishes an item either commits before the next roll-up takes the lock or rolls up after it, so the
/// last roll-up of a task always sees every finished item, even when the item update and the roll-up share one
/// transaction (the claim path's completion sends item update, lock and roll-up in one round trip).
/// Only <see cref="WorkItems"/> runs it.
/// </summary>
internal static class TaskRollup
{
    // Two-key advisory locks live apart from the one-key locks the migrators and the scraper take.
    private const int LockClass = 0x5441534B;

    /// <summary>Locks the roll-up of the task given by the SQL expression <paramref name="task"/> (no-op when it is null).</summary>
    internal static string LockSql(string task) =>
        $"SELECT pg_advisory_xact_lock({LockClass}, s.task_id) FROM (SELECT {task} AS task_id) s WHERE s.task_id IS NOT NULL";

    /// <summary>Locks the roll-ups of the tasks the SQL query <paramref name="tasks"/> (one task_id column) lists, in id order.</summary>
    internal static string LockEachSql(string tasks) =>
        $"SELECT pg_advisory_xact_lock({LockClass}, s.task_id) FROM (SELECT DISTINCT task_id FROM ({tasks}) q WHERE task_id IS NOT NULL ORDER BY task_id) s";

    /// <summary>Finishes the task given by the SQL expression <paramref name="task"/> if none of its items can still run.</summary>
    internal static string RollupSql(string task) => $"""
        UPDATE tasks t SET
            status = CASE WHEN EXISTS (SELECT 1 FROM task_items d WHERE d.task_id = t.id AND d.status = 'done') THEN 'completed' ELSE 'failed' END,
            finished_at = now()
        WHERE t.id = {task} AND t.status = 'running'
          AND NOT EXISTS (SELECT 1 FROM task_items i WHERE i.task_id = t.id AND i.status IN ('pending', 'queued', 'in_progress'))
        """;
}
