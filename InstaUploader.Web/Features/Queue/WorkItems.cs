using System.Diagnostics;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Pacing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace InstaUploader.Web.Features.Queue;

/*
 * The life of a work item (task_items.status; docs/protocol.md#statuses). Every arrow is one statement of QueueSql,
 * run by a method of this class, and each guards the state it leaves from; the database refuses any other word
 * (CHECK constraints, migration QueueStateChecks).
 *
 *               QueueTaskAsync            ClaimOne / ClaimMany              Complete (done)
 *   pending ───────────────────▶ queued ──────────────────────▶ in_progress ─────────────────▶ done
 *      │                        ▲ ▲ ▲                              │ │ │
 *      │ CancelTask/CancelItem  │ │ └──── Release ─────────────────┘ │ │ Complete (not retryable, or attempts
 *      ▼                        │ └─ Complete (retryable) ───────────┘ │ spent), RescueExpired/RescueOrphans
 *  cancelled ◀── CancelTask ────┘    RescueExpired (backoff),          ▼ (attempts spent)
 *      │         CancelItem          RescueOrphans (at once)         failed
 *      │                                                                │
 *      └──────────────── RetryAsync (attempts back to 0) ───────────────┴──▶ queued
 *
 * The original workers' status routes (ReportStatusAsync) may set any status word directly.
 *
 * A task (tasks.status): pending ─QueueTaskAsync─▶ running ─roll-up─▶ completed (an item done) | failed (none done);
 * pending/running ─CancelTaskAsync─▶ cancelled; failed/completed/cancelled ─RetryAsync─▶ running. The roll-up
 * (QueueSql.RollUp*) runs in the same round trip as whatever finished the task's last runnable item.
 */

/// <summary>
/// The one owner of a work item's (task_items row's) state, of its log lines and of its task's roll-up: every
/// transition — claim, renew, release, log, progress, finish, rescue, and the task-wide queue, cancel and retry — is a
/// method here, running a named statement of <see cref="QueueSql"/>. Endpoints, the UI's services and the upkeep loops
/// call it; nothing else changes an item (TaskService only adds a new task's items with the task).
/// This file: claim under a lease (FOR UPDATE SKIP LOCKED), lease renewal and release, finishing by the lease owner,
/// rescue of expired leases with exponential backoff and jitter. The DB itself guarantees one in-progress item per
/// Instagram account (partial unique index).
/// </summary>
public sealed partial class WorkItems(
    AppDbContext db, IOptions<QueueOptions> options, TimeProvider time, QueueMeters meters, ILogger<WorkItems> logger, AccountPacing? pacing = null)
{
    private const string AccountLockIndex = "ux_task_items_account_in_progress";
    private const int MaxClaimRaces = 8;

    /// <summary>
    /// Claims up to <paramref name="limit"/> runnable items (at most one per account) under a lease for
    /// <paramref name="owner"/> in one statement, with their payload data, in claim order.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedItemRow>> ClaimManyAsync(string owner, int limit, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct)
    {
        var seconds = lease?.TotalSeconds ?? options.Value.DefaultLeaseSeconds;
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        for (var race = 0; ; race++)
        {
            try
            {
                await using var claim = connection.Command(QueueSql.ClaimMany);
                claim.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
                claim.Parameters.Add(new NpgsqlParameter<double>("lease", seconds));
                claim.Parameters.Add(new NpgsqlParameter("trace", NpgsqlDbType.Text) { Value = (object?)Activity.Current?.TraceId.ToHexString() ?? DBNull.Value });
                claim.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
                claim.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)kind ?? DBNull.Value });
                claim.Parameters.Add(new NpgsqlParameter("task", NpgsqlDbType.Integer) { Value = (object?)taskId ?? DBNull.Value });
                await claim.PrepareUnlessPooledAsync(ct);
                await using var reader = await claim.ExecuteReaderAsync(ct);
                var claimed = new List<ClaimedItemRow>(limit);
                while (await reader.ReadAsync(ct))
                {
                    claimed.Add(ClaimedItemRow.Read(reader, connection.Unprotect));
                }

                return claimed;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == AccountLockIndex
                                               && race < MaxClaimRaces)
            {
                logger.LogDebug("Claim raced on an account lock; retrying");
            }
        }
    }

    /// <summary>
    /// Claims the next runnable item under a lease for <paramref name="owner"/> and returns it with its payload data,
    /// or null when nothing is runnable.
    /// </summary>
    public async Task<ClaimedItemRow?> ClaimNextAsync(string owner, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct)
    {
        var seconds = lease?.TotalSeconds ?? options.Value.DefaultLeaseSeconds;
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        for (var race = 0; race < MaxClaimRaces; race++)
        {
            try
            {
                await using var claim = connection.Command(QueueSql.ClaimOne);
                claim.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
                claim.Parameters.Add(new NpgsqlParameter<double>("lease", seconds));
                claim.Parameters.Add(new NpgsqlParameter("trace", NpgsqlDbType.Text) { Value = (object?)Activity.Current?.TraceId.ToHexString() ?? DBNull.Value });
                claim.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)kind ?? DBNull.Value });
                claim.Parameters.Add(new NpgsqlParameter("task", NpgsqlDbType.Integer) { Value = (object?)taskId ?? DBNull.Value });
                // Prepared once per pooled connection (Npgsql keeps it across pool returns): no parse and plan per claim.
                await claim.PrepareUnlessPooledAsync(ct);
                await using var reader = await claim.ExecuteReaderAsync(ct);
                return await reader.ReadAsync(ct) ? ClaimedItemRow.Read(reader, connection.Unprotect) : null;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == AccountLockIndex)
            {
                // Another claimer took an item of the same account in the same instant: pick again.
                logger.LogDebug("Claim raced on an account lock; retrying");
            }
        }

        return null;
    }

    public async Task<DateTimeOffset?> RenewLeaseAsync(long id, string owner, TimeSpan? lease, CancellationToken ct) =>
        await RenewLeasesAsync([id], owner, lease, ct) is [var renewed] ? renewed.Until : null;

    /// <summary>Renews the leases of those of <paramref name="ids"/> that <paramref name="owner"/> holds, in one statement; returns the renewed ids.</summary>
    public async Task<IReadOnlyList<(long Id, DateTimeOffset Until)>> RenewLeasesAsync(long[] ids, string owner, TimeSpan? lease, CancellationToken ct)
    {
        var seconds = lease?.TotalSeconds ?? options.Value.DefaultLeaseSeconds;
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        await using var renew = connection.Command(QueueSql.RenewLeases);
        renew.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids));
        renew.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
        renew.Parameters.Add(new NpgsqlParameter<double>("lease", seconds));
        await using var reader = await renew.ExecuteReaderAsync(ct);
        var renewed = new List<(long, DateTimeOffset)>(ids.Length);
        while (await reader.ReadAsync(ct))
        {
            renewed.Add((reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return renewed;
    }

    /// <summary>Hands an item back untried (worker shutting down): queued again at once, the attempt not counted.</summary>
    public async Task<bool> ReleaseAsync(long id, string owner, CancellationToken ct) =>
        await db.Database.ExecuteSqlRawAsync(QueueSql.Release,
            [new NpgsqlParameter<long>("id", id), new NpgsqlParameter<string>("owner", owner)], ct) == 1;

    private static NpgsqlBatchCommand CompleteCommandFor(long id, string owner, CompleteCommand command, DateTimeOffset now, QueueOptions o)
    {
        var done = command.Status == ItemStatuses.Done;
        var accountStatus = done ? null : command.AccountStatus;
        return new NpgsqlBatchCommand(accountStatus is null ? QueueSql.Complete : QueueSql.CompleteSettingAccount)
        {
            Parameters =
            {
                new NpgsqlParameter<long>("id", id),
                new NpgsqlParameter<string>("owner", owner),
                new NpgsqlParameter<bool>("done", done),
                new NpgsqlParameter<bool>("retryable", !done && command.Retryable),
                new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)command.Error ?? DBNull.Value },
                new NpgsqlParameter("result", NpgsqlDbType.Jsonb) { Value = (object?)command.ResultJson ?? DBNull.Value },
                new NpgsqlParameter("line", NpgsqlDbType.Text) { Value = command.LogLine is { Length: > 0 } line ? line : DBNull.Value },
                new NpgsqlParameter("finished", NpgsqlDbType.TimestampTz) { Value = (object?)command.FinishedAt ?? DBNull.Value },
                new NpgsqlParameter<DateTimeOffset>("now", now),
                new NpgsqlParameter<double>("retry_base", o.RetryBaseSeconds),
                new NpgsqlParameter<double>("retry_max", o.RetryMaxSeconds),
                new NpgsqlParameter<double>("retry_after", command.RetryAfter?.TotalSeconds ?? 0),
                new NpgsqlParameter("account_status", NpgsqlDbType.Text) { Value = (object?)accountStatus ?? DBNull.Value },
            },
        };
    }

    private static CompletedItem ReadCompleted(System.Data.Common.DbDataReader reader) => new(
        reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt32(3),
        reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.GetString(7));

    /// <summary>
    /// Finishes an item held by <paramref name="owner"/> and rolls its task up, in one round trip.
    /// A retryable failure goes back to the queue with backoff.
    /// </summary>
    public async Task<CompleteResult> CompleteAsync(long id, string owner, CompleteCommand command, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        await using var paced = await BeginPacedAsync(ct);
        await using var batch = connection.Batch();
        batch.BatchCommands.Add(CompleteCommandFor(id, owner, command, now, o));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(QueueSql.LockFinishedItemTask) { Parameters = { new NpgsqlParameter<long>("id", id) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(QueueSql.RollUpFinishedItemTask) { Parameters = { new NpgsqlParameter<long>("id", id) } });

        CompletedItem? finished = null;
        await batch.PrepareUnlessPooledAsync(ct);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            if (await reader.ReadAsync(ct))
            {
                finished = ReadCompleted(reader);
            }
        }

        if (finished is not null)
        {
            await PaceAsync([(finished, command)], ct);
            await CommitPacedAsync(paced, ct);
            meters.Finished(finished.Status);
            return CompleteResult.Ok(finished);
        }

        await using var exists = connection.Command(QueueSql.ItemExists);
        exists.Parameters.Add(new NpgsqlParameter<long>("id", id));
        return await exists.ExecuteScalarAsync(ct) is true ? CompleteResult.NotOwner : CompleteResult.NotFound;
    }

    /// <summary>
    /// Finishes several items held by <paramref name="owner"/> and rolls their tasks up, in one round trip (one
    /// statement per item, then one lock and one roll-up for all their tasks, in one transaction). Answers in order.
    /// </summary>
    public async Task<IReadOnlyList<CompleteResult>> CompleteManyAsync(string owner, IReadOnlyList<(long Id, CompleteCommand Command)> items, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var ids = items.Select(i => i.Id).ToArray();
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        await using var paced = await BeginPacedAsync(ct);
        await using var batch = connection.Batch();
        foreach (var (id, command) in items)
        {
            batch.BatchCommands.Add(CompleteCommandFor(id, owner, command, now, o));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(QueueSql.LockFinishedItemsTasks) { Parameters = { new NpgsqlParameter<long[]>("ids", ids) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(QueueSql.RollUpFinishedItemsTasks) { Parameters = { new NpgsqlParameter<long[]>("ids", ids) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(QueueSql.ItemsExisting) { Parameters = { new NpgsqlParameter<long[]>("ids", ids) } });

        var results = new CompleteResult[items.Count];
        var existing = new HashSet<long>();
        await batch.PrepareUnlessPooledAsync(ct);
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            for (var i = 0; i < items.Count; i++)
            {
                results[i] = await reader.ReadAsync(ct) ? CompleteResult.Ok(ReadCompleted(reader)) : CompleteResult.NotFound;
                if (results[i].Item is { } finished)
                {
                    meters.Finished(finished.Status);
                }

                await reader.NextResultAsync(ct);
            }

            // Past the lock and the roll-up to the ids that exist.
            do
            {
                while (reader.FieldCount == 1 && reader.GetName(0) == "id" && await reader.ReadAsync(ct))
                {
                    existing.Add(reader.GetInt64(0));
                }
            }
            while (await reader.NextResultAsync(ct));
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (results[i].Item is null && existing.Contains(items[i].Id))
            {
                results[i] = CompleteResult.NotOwner;
            }
        }

        await PaceAsync([.. items.Zip(results).Where(r => r.Second.Item is not null).Select(r => (r.Second.Item!, r.First.Command))], ct);
        await CommitPacedAsync(paced, ct);
        return results;
    }

    private sealed record RescuedItem(int TaskId, string Status);

    /// <summary>After a rescue statement: count the items it finished and roll up every task it touched.</summary>
    private async Task SettleRescuedAsync(List<RescuedItem> rescued, CancellationToken ct)
    {
        rescued.ForEach(r => meters.Finished(r.Status));
        foreach (var taskId in rescued.Select(r => r.TaskId).Distinct())
        {
            await RollUpAsync(taskId, ct);
        }
    }

    /// <summary>Returns items whose lease expired to the queue (or fails them after max attempts).</summary>
    public async Task<int> RescueExpiredAsync(CancellationToken ct)
    {
        var o = options.Value;
        var rescued = await db.Database.SqlQueryRaw<RescuedItem>(QueueSql.RescueExpired,
            new NpgsqlParameter<double>("retry_base", o.RetryBaseSeconds),
            new NpgsqlParameter<double>("retry_max", o.RetryMaxSeconds)).ToListAsync(ct);
        await SettleRescuedAsync(rescued, ct);
        if (rescued.Count > 0)
        {
            logger.LogWarning("Rescued {Count} item(s) with expired leases", rescued.Count);
        }

        return rescued.Count;
    }

    /// <summary>Queued items whose backoff ended in (<paramref name="after"/>, <paramref name="until"/>].</summary>
    public Task<int> CountBecameDueAsync(DateTimeOffset after, DateTimeOffset until, CancellationToken ct) =>
        db.TaskItems.CountAsync(i => i.Status == ItemStatuses.Queued && i.RunAfter > after && i.RunAfter <= until, ct);
}

/// <summary><see cref="AccountStatus"/>: what a failure showed about the item's account (an AccountStatuses value), set on it.</summary>
/// <see cref="PushBack"/>: how Instagram refused the run (a PushBacks value), for pacing.
public sealed record CompleteCommand(
    string Status, string? Error, string? ResultJson, string? LogLine, bool Retryable, TimeSpan? RetryAfter, DateTimeOffset? FinishedAt,
    string? AccountStatus = null, string? PushBack = null);

/// <summary>An item as its completion left it: finished, or queued again until <see cref="RunAfter"/>.</summary>
public sealed record CompletedItem(
    long Id, int TaskId, string Status, int Attempts, DateTimeOffset? FinishedAt, DateTimeOffset RunAfter, int? AccountId = null, string? Kind = null);

public sealed record CompleteResult(bool Found, bool Owned, CompletedItem? Item)
{
    public static readonly CompleteResult NotFound = new(false, false, null);
    public static readonly CompleteResult NotOwner = new(true, false, null);
    public static CompleteResult Ok(CompletedItem item) => new(true, true, item);
}
