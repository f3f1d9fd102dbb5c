using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Compat;

/// <summary>TTL locks (docs/protocol.md#locks): one holder at a time; an expired lock can be taken over.</summary>
public sealed class TaskLocks(AppDbContext db, TimeProvider time)
{
    /// <summary>Takes <paramref name="key"/> for <paramref name="owner"/>; re-acquiring your own lock extends it.</summary>
    public async Task<TaskLock?> AcquireAsync(string key, string owner, TimeSpan ttl, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var taken = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO task_locks (key, owner, acquired_at, expires_at) VALUES ({key}, {owner}, {now}, {now + ttl})
            ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
            WHERE task_locks.expires_at < {now} OR task_locks.owner = excluded.owner
            """, ct);
        return taken == 1 ? await db.TaskLocks.AsNoTracking().FirstAsync(l => l.Key == key, ct) : null;
    }

    public async Task<TaskLock?> GetAsync(string key, CancellationToken ct) =>
        await db.TaskLocks.AsNoTracking().FirstOrDefaultAsync(l => l.Key == key, ct);

    /// <summary>Releases the lock if <paramref name="owner"/> holds it.</summary>
    public async Task<bool> ReleaseAsync(string key, string owner, CancellationToken ct) =>
        await db.TaskLocks.Where(l => l.Key == key && l.Owner == owner).ExecuteDeleteAsync(ct) == 1;

    public static string ForTask(string kind, int taskId) => $"{kind}:{taskId}";
}
