using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// The task-item queue in PostgreSQL: atomic claim (FOR UPDATE SKIP LOCKED) under a lease, completion by the
/// lease owner only, lease renewal, and rescue of expired leases with exponential backoff and jitter.
/// The DB itself guarantees one in-progress item per Instagram account (partial unique index).
/// </summary>
public sealed class WorkQueue(AppDbContext db, IOptions<QueueOptions> options, ILogger<WorkQueue> logger)
{
    private const string AccountLockIndex = "ux_task_items_account_in_progress";
    private const int MaxClaimRaces = 8;

    // Picks the best runnable item whose account is free and takes it in the same statement.
    internal const string ClaimSql = """
        UPDATE task_items AS i
        SET status = 'in_progress', lease_owner = @owner, lease_expires_at = now() + make_interval(secs => @lease),
            attempts = i.attempts + 1, started_at = COALESCE(i.started_at, now()), updated_at = now()
        WHERE i.id = (
            SELECT c.id FROM task_items c
            WHERE c.status = 'queued' AND c.run_after <= now()
              AND (@kind::text IS NULL OR c.kind = @kind)
              AND (@task::int IS NULL OR c.task_id = @task)
              AND (c.account_id IS NULL OR NOT EXISTS (
                    SELECT 1 FROM task_items h WHERE h.account_id = c.account_id AND h.status = 'in_progress'))
            ORDER BY c.priority DESC, c.run_after, c.id
            FOR UPDATE SKIP LOCKED
            LIMIT 1)
        RETURNING i.id AS "Value"
        """;

    public async Task<long?> ClaimNextAsync(string owner, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct)
    {
        var seconds = lease?.TotalSeconds ?? options.Value.DefaultLeaseSeconds;
        for (var race = 0; race < MaxClaimRaces; race++)
        {
            try
            {
                var ids = await db.Database.SqlQueryRaw<long>(ClaimSql,
                        new NpgsqlParameter("owner", owner),
                        new NpgsqlParameter("lease", seconds),
                        new NpgsqlParameter("kind", (object?)kind ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                        new NpgsqlParameter("task", (object?)taskId ?? DBNull.Value) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer })
                    .ToListAsync(ct);
                return ids.Count == 0 ? null : ids[0];
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == AccountLockIndex)
            {
                // Another claimer took an item of the same account in the same instant: pick again.
                logger.LogDebug("Claim raced on an account lock; retrying");
            }
        }

        return null;
    }

    public async Task<DateTimeOffset?> RenewLeaseAsync(long id, string owner, TimeSpan? lease, CancellationToken ct)
    {
        var seconds = lease?.TotalSeconds ?? options.Value.DefaultLeaseSeconds;
        var renewed = await db.Database.SqlQuery<DateTimeOffset>($"""
            UPDATE task_items SET lease_expires_at = now() + make_interval(secs => {seconds}), updated_at = now()
            WHERE id = {id} AND status = 'in_progress' AND lease_owner = {owner}
            RETURNING lease_expires_at AS "Value"
            """).ToListAsync(ct);
        return renewed.Count == 0 ? null : renewed[0];
    }

    /// <summary>Hands an item back untried (worker shutting down): queued again at once, the attempt not counted.</summary>
    public async Task<bool> ReleaseAsync(long id, string owner, CancellationToken ct) =>
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE task_items SET status = 'queued', attempts = GREATEST(attempts - 1, 0), lease_owner = NULL,
                lease_expires_at = NULL, run_after = now(), updated_at = now()
            WHERE id = {id} AND status = 'in_progress' AND lease_owner = {owner}
            """, ct) == 1;

    /// <summary>Finishes an item held by <paramref name="owner"/>. A retryable failure goes back to the queue with backoff.</summary>
    public async Task<CompleteResult> CompleteAsync(long id, string owner, CompleteCommand command, CancellationToken ct)
    {
        var item = await db.TaskItems.FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return CompleteResult.NotFound;
        }

        if (item.Status != ItemStatuses.InProgress || item.LeaseOwner != owner)
        {
            return CompleteResult.NotOwner;
        }

        var now = DateTimeOffset.UtcNow;
        item.LeaseOwner = null;
        item.LeaseExpiresAt = null;
        item.UpdatedAt = now;
        item.Result = command.ResultJson ?? item.Result;
        if (command.LogLine is { Length: > 0 } line)
        {
            item.Log = LogText.Append(item.Log, line, now);
        }

        if (command.Status == ItemStatuses.Done)
        {
            item.Status = ItemStatuses.Done;
            item.FinishedAt = command.FinishedAt ?? now;
            item.LastError = null;
        }
        else if (command.Retryable && item.Attempts < item.MaxAttempts)
        {
            item.Status = ItemStatuses.Queued;
            item.LastError = command.Error;
            item.RunAfter = now + Backoff(item.Attempts, command.RetryAfter);
        }
        else
        {
            item.Status = ItemStatuses.Failed;
            item.LastError = command.Error ?? "failed";
            item.FinishedAt = command.FinishedAt ?? now;
        }

        await db.SaveChangesAsync(ct);
        await TaskRollup.UpdateAsync(db, item.TaskId, ct);
        return CompleteResult.Ok(item);
    }

    /// <summary>Returns items whose lease expired to the queue (or fails them after max attempts).</summary>
    public async Task<int> RescueExpiredAsync(CancellationToken ct)
    {
        var o = options.Value;
        var rescued = await db.Database.SqlQuery<int>($"""
            UPDATE task_items SET
                status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
                last_error = 'lease expired: worker ' || COALESCE(lease_owner, '?') || ' stopped reporting',
                finished_at = CASE WHEN attempts >= max_attempts THEN now() ELSE NULL END,
                run_after = now() + make_interval(secs => LEAST({o.RetryMaxSeconds}, {o.RetryBaseSeconds} * power(2, GREATEST(attempts - 1, 0))) * (0.5 + random())),
                lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
            WHERE status = 'in_progress' AND lease_expires_at < now()
            RETURNING task_id AS "Value"
            """).ToListAsync(ct);
        foreach (var taskId in rescued.Distinct())
        {
            await TaskRollup.UpdateAsync(db, taskId, ct);
        }

        if (rescued.Count > 0)
        {
            logger.LogWarning("Rescued {Count} item(s) with expired leases", rescued.Count);
        }

        return rescued.Count;
    }

    /// <summary>Queued items whose backoff ended in (<paramref name="after"/>, <paramref name="until"/>].</summary>
    public Task<int> CountBecameDueAsync(DateTimeOffset after, DateTimeOffset until, CancellationToken ct) =>
        db.TaskItems.CountAsync(i => i.Status == ItemStatuses.Queued && i.RunAfter > after && i.RunAfter <= until, ct);

    private TimeSpan Backoff(int attempts, TimeSpan? retryAfter)
    {
        var o = options.Value;
        var seconds = Math.Min(o.RetryMaxSeconds, o.RetryBaseSeconds * Math.Pow(2, Math.Max(attempts - 1, 0)));
        var jittered = seconds * (0.5 + Random.Shared.NextDouble());
        return TimeSpan.FromSeconds(Math.Max(jittered, retryAfter?.TotalSeconds ?? 0));
    }
}

public sealed record CompleteCommand(
    string Status, string? Error, string? ResultJson, string? LogLine, bool Retryable, TimeSpan? RetryAfter, DateTimeOffset? FinishedAt);

public sealed record CompleteResult(bool Found, bool Owned, TaskItem? Item)
{
    public static readonly CompleteResult NotFound = new(false, false, null);
    public static readonly CompleteResult NotOwner = new(true, false, null);
    public static CompleteResult Ok(TaskItem item) => new(true, true, item);
}
