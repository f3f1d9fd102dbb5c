using System.Diagnostics;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Pacing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// The one owner of a work item's (task_items row's) state and of its task's roll-up: every transition — claim, renew,
/// release, log, progress, finish, rescue, and the task-wide queue, cancel and retry — is a method here, each with its
/// own SQL guarding the state it leaves from (a finish needs the caller's lease, a rescue an expired one, …). Endpoints,
/// the UI's services and the upkeep loops call it; nothing else changes an item (TaskService only adds a new task's
/// items with the task).
/// This file: claim under a lease (FOR UPDATE SKIP LOCKED), lease renewal and release, finishing by the lease owner,
/// rescue of expired leases with exponential backoff and jitter. The DB itself guarantees one in-progress item per
/// Instagram account (partial unique index).
/// </summary>
public sealed partial class WorkItems(
    AppDbContext db, IOptions<QueueOptions> options, TimeProvider time, QueueMeters meters, ILogger<WorkItems> logger, AccountPacing? pacing = null)
{
    private const string AccountLockIndex = "ux_task_items_account_in_progress";
    private const int MaxClaimRaces = 8;

    // Picks the best runnable item whose account is free and takes it in the same statement.
    // Runnable items of task_items c in claim order, locked: queued and due, of the asked kind and task, and of an
    // account that runs nothing else (the partial unique index allows one in-progress item per account) and that
    // pacing lets work (WorkItems.Pacing.cs).
    private const string RunnableInClaimOrderSql = """

            WHERE c.status = 'queued' AND c.run_after <= now()
              AND (@kind::text IS NULL OR c.kind = @kind)
              AND (@task::int IS NULL OR c.task_id = @task)
              AND (c.account_id IS NULL OR NOT EXISTS (
                    SELECT 1 FROM task_items h WHERE h.account_id = c.account_id AND h.status = 'in_progress'))
        """ + HeldBackByPacingSql + """
            ORDER BY c.priority DESC, c.run_after, c.id
            FOR UPDATE SKIP LOCKED

        """;

    private const string ClaimUpdateSql = """
        UPDATE task_items AS i
        SET status = 'in_progress', lease_owner = @owner, worker_id = @owner, trace_id = @trace, lease_expires_at = now() + make_interval(secs => @lease),
            attempts = i.attempts + 1, started_at = COALESCE(i.started_at, now()), updated_at = now()
        WHERE i.id = (
            SELECT c.id FROM task_items c
        """ + RunnableInClaimOrderSql + """
            LIMIT 1)
        """;

    /// <summary>The bare claim, returning only the id (the benchmark's baseline).</summary>
    internal const string ClaimSql = ClaimUpdateSql + """

        RETURNING i.id AS "Value"
        """;

    // The claim and everything the worker needs in one round trip: the updated row feeds the joins.
    private const string ClaimWithPayloadSql = "WITH claimed AS (\n" + ClaimUpdateSql + """

            RETURNING i.id, i.task_id, i.kind, i.position, i.status, i.attempts, i.max_attempts, i.lease_owner,
                      i.lease_expires_at, i.created_at, i.started_at, i.account_id, i.proxy_id, i.media_id)
        """ + "\n" + ClaimedWork.SelectSql;

    // Up to @limit items in one statement. Candidates are locked in claim order; of several candidates of one account
    // only the first is taken, since the partial unique index allows one in-progress item per account.
    private const string ClaimManyUpdateSql = """
        WITH candidates AS (
            SELECT c.id, c.account_id, c.priority, c.run_after FROM task_items c
        """ + RunnableInClaimOrderSql + """
            LIMIT @limit),
        picked AS (
            SELECT id FROM (
                SELECT id, priority, run_after,
                       row_number() OVER (PARTITION BY COALESCE(account_id, -id) ORDER BY priority DESC, run_after, id) AS nth
                FROM candidates) x
            WHERE nth = 1),
        claimed AS (
            UPDATE task_items AS i
            SET status = 'in_progress', lease_owner = @owner, worker_id = @owner, trace_id = @trace, lease_expires_at = now() + make_interval(secs => @lease),
                attempts = i.attempts + 1, started_at = COALESCE(i.started_at, now()), updated_at = now()
            FROM picked p WHERE i.id = p.id
            RETURNING i.id, i.task_id, i.kind, i.position, i.status, i.attempts, i.max_attempts, i.lease_owner,
                      i.lease_expires_at, i.created_at, i.started_at, i.account_id, i.proxy_id, i.media_id, i.priority, i.run_after)
        """;

    private const string ClaimManyWithPayloadSql = ClaimManyUpdateSql + "\n" + ClaimedWork.SelectSql + "\nORDER BY c.priority DESC, c.run_after, c.id";

    /// <summary>
    /// Claims up to <paramref name="limit"/> runnable items (at most one per account) under a lease for
    /// <paramref name="owner"/> in one statement, with their payload data, in claim order.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedWork>> ClaimManyAsync(string owner, int limit, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct)
    {
        var seconds = lease?.TotalSeconds ?? options.Value.DefaultLeaseSeconds;
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        for (var race = 0; ; race++)
        {
            try
            {
                await using var claim = connection.Command(ClaimManyWithPayloadSql);
                claim.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
                claim.Parameters.Add(new NpgsqlParameter<double>("lease", seconds));
                claim.Parameters.Add(new NpgsqlParameter("trace", NpgsqlDbType.Text) { Value = (object?)Activity.Current?.TraceId.ToHexString() ?? DBNull.Value });
                claim.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
                claim.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)kind ?? DBNull.Value });
                claim.Parameters.Add(new NpgsqlParameter("task", NpgsqlDbType.Integer) { Value = (object?)taskId ?? DBNull.Value });
                await claim.PrepareUnlessPooledAsync(ct);
                await using var reader = await claim.ExecuteReaderAsync(ct);
                var claimed = new List<ClaimedWork>(limit);
                while (await reader.ReadAsync(ct))
                {
                    claimed.Add(ClaimedWork.Read(reader, connection.Unprotect));
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
    public async Task<ClaimedWork?> ClaimNextAsync(string owner, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct)
    {
        var seconds = lease?.TotalSeconds ?? options.Value.DefaultLeaseSeconds;
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        for (var race = 0; race < MaxClaimRaces; race++)
        {
            try
            {
                await using var claim = connection.Command(ClaimWithPayloadSql);
                claim.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
                claim.Parameters.Add(new NpgsqlParameter<double>("lease", seconds));
                claim.Parameters.Add(new NpgsqlParameter("trace", NpgsqlDbType.Text) { Value = (object?)Activity.Current?.TraceId.ToHexString() ?? DBNull.Value });
                claim.Parameters.Add(new NpgsqlParameter("kind", NpgsqlDbType.Text) { Value = (object?)kind ?? DBNull.Value });
                claim.Parameters.Add(new NpgsqlParameter("task", NpgsqlDbType.Integer) { Value = (object?)taskId ?? DBNull.Value });
                // Prepared once per pooled connection (Npgsql keeps it across pool returns): no parse and plan per claim.
                await claim.PrepareUnlessPooledAsync(ct);
                await using var reader = await claim.ExecuteReaderAsync(ct);
                return await reader.ReadAsync(ct) ? ClaimedWork.Read(reader, connection.Unprotect) : null;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == AccountLockIndex)
            {
                // Another claimer took an item of the same account in the same instant: pick again.
                logger.LogDebug("Claim raced on an account lock; retrying");
            }
        }

        return null;
    }

    // An item still held under its owner's lease, for statements that find it by primary key. The status is compared
    // as an expression on purpose: written plainly, "status = 'in_progress'" lets the planner walk the partial index
    // of in-progress items (a page or two when last analysed) and filter every leased item by id, so each completion
    // cost as much as the items in flight (bench at agency scale: the completion statement took 3.7x the time).
    private const string HeldSql = "(status || '') = 'in_progress' AND lease_owner = @owner";

    public async Task<DateTimeOffset?> RenewLeaseAsync(long id, string owner, TimeSpan? lease, CancellationToken ct) =>
        await RenewLeasesAsync([id], owner, lease, ct) is [var renewed] ? renewed.Until : null;

    /// <summary>Renews the leases of those of <paramref name="ids"/> that <paramref name="owner"/> holds, in one statement; returns the renewed ids.</summary>
    public async Task<IReadOnlyList<(long Id, DateTimeOffset Until)>> RenewLeasesAsync(long[] ids, string owner, TimeSpan? lease, CancellationToken ct)
    {
        var seconds = lease?.TotalSeconds ?? options.Value.DefaultLeaseSeconds;
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        await using var renew = connection.Command($"""
            UPDATE task_items SET lease_expires_at = now() + make_interval(secs => @lease), updated_at = now()
            WHERE id = ANY(@ids) AND {HeldSql}
            RETURNING id, lease_expires_at
            """);
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
        await db.Database.ExecuteSqlRawAsync($"""
            UPDATE task_items SET status = 'queued', attempts = GREATEST(attempts - 1, 0), lease_owner = NULL,
                lease_expires_at = NULL, run_after = now(), updated_at = now()
            WHERE id = @id AND {HeldSql}
            """, [new NpgsqlParameter<long>("id", id), new NpgsqlParameter<string>("owner", owner)], ct) == 1;

    // Retry backoff in seconds: base × 2^(attempts-1), capped, ±50% jitter (completion and rescue share it).
    private const string BackoffSecondsSql =
        "LEAST(@retry_max, @retry_base * power(2, GREATEST(attempts - 1, 0))) * (0.5 + random())";

    // Finishing, in one statement: done; a retryable failure back to the queue with backoff (base × 2^(attempts-1),
    // capped, ±50% jitter, at least what the worker asked for) while attempts remain; otherwise failed.
    private static readonly string CompleteSql = $"""
        UPDATE task_items SET
            status = CASE WHEN @done THEN 'done' WHEN @retryable AND attempts < max_attempts THEN 'queued' ELSE 'failed' END,
            last_error = CASE WHEN @done THEN NULL WHEN @retryable AND attempts < max_attempts THEN @error ELSE COALESCE(@error, 'failed') END,
            finished_at = CASE WHEN @retryable AND attempts < max_attempts THEN finished_at ELSE COALESCE(@finished, @now) END,
            run_after = CASE WHEN @retryable AND attempts < max_attempts
                THEN @now + make_interval(secs => GREATEST({BackoffSecondsSql}, @retry_after))
                ELSE run_after END,
            result = COALESCE(@result, result),
            log = CASE WHEN @line IS NULL THEN log ELSE {LogText.AppendSql("log", "@line")} END,
            permanent_failure = NOT @done AND NOT @retryable,
            attempt_errors = CASE WHEN @done THEN attempt_errors ELSE attempt_errors || (attempts::text || ': ' || COALESCE(@error, 'failed')) END,
            lease_owner = NULL, lease_expires_at = NULL, updated_at = @now
        WHERE id = @id AND {HeldSql}
        RETURNING id, task_id, status, attempts, finished_at, run_after, account_id, kind
        """;

    // A failure that showed the account's state (a wrong password: login_required) sets it on the account with the
    // error and its time, in the same statement, so the accounts page and the dashboard count it at once.
    private static readonly string CompleteSettingAccountSql = $"""
        WITH item AS ({CompleteSql}),
        account AS (
            UPDATE accounts SET status = @account_status, last_error = @error, last_error_at = @now, updated_at = @now
            FROM item WHERE accounts.id = item.account_id)
        SELECT id, task_id, status, attempts, finished_at, run_after, account_id, kind FROM item
        """;

    private static NpgsqlBatchCommand CompleteCommandFor(long id, string owner, CompleteCommand command, DateTimeOffset now, QueueOptions o)
    {
        var done = command.Status == ItemStatuses.Done;
        var accountStatus = done ? null : command.AccountStatus;
        return new NpgsqlBatchCommand(accountStatus is null ? CompleteSql : CompleteSettingAccountSql)
        {
            Parameters =
            {
                new NpgsqlParameter<long>("id", id),
                new NpgsqlParameter<string>("owner", owner),
                new NpgsqlParameter<bool>("done", done),
                new NpgsqlParameter<bool>("retryable", !done && command.Retryable),
                new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)command.Error ?? DBNull.Value },
                new NpgsqlParameter("result", NpgsqlDbType.Jsonb) { Value = (object?)command.ResultJson ?? DBNull.Value },
                new NpgsqlParameter("line", NpgsqlDbType.Text)
                {
                    Value = command.LogLine is { Length: > 0 } line ? LogText.Line(line, now) : DBNull.Value,
                },
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

    private const string FinishedItemTask = "(SELECT task_id FROM task_items WHERE id = @id AND status IN ('done', 'failed'))";

    /// <summary>
    /// Finishes an item held by <paramref name="owner"/> and rolls its task up, in one round trip.
    /// A retryable failure goes back to the queue with backoff.
    /// </summary>
    public async Task<CompleteResult> CompleteAsync(long id, string owner, CompleteCommand command, CancellationToken ct)
    {
        // The item's batched lines go into its log before its last line does.
        await ItemLogFolder.FoldAsync(db, [id], null, ct);
        var o = options.Value;
        var now = time.GetUtcNow();
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        await using var paced = await BeginPacedAsync(ct);
        await using var batch = connection.Batch();
        batch.BatchCommands.Add(CompleteCommandFor(id, owner, command, now, o));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(TaskRollup.LockSql(FinishedItemTask)) { Parameters = { new NpgsqlParameter<long>("id", id) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(TaskRollup.RollupSql(FinishedItemTask)) { Parameters = { new NpgsqlParameter<long>("id", id) } });

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

        await using var exists = connection.Command("SELECT EXISTS (SELECT 1 FROM task_items WHERE id = @id)");
        exists.Parameters.Add(new NpgsqlParameter<long>("id", id));
        return await exists.ExecuteScalarAsync(ct) is true ? CompleteResult.NotOwner : CompleteResult.NotFound;
    }

    private const string FinishedItemsTasks = "SELECT task_id FROM task_items WHERE id = ANY(@ids) AND status IN ('done', 'failed')";

    /// <summary>
    /// Finishes several items held by <paramref name="owner"/> and rolls their tasks up, in one round trip (one
    /// statement per item, then one lock and one roll-up for all their tasks, in one transaction). Answers in order.
    /// </summary>
    public async Task<IReadOnlyList<CompleteResult>> CompleteManyAsync(string owner, IReadOnlyList<(long Id, CompleteCommand Command)> items, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var ids = items.Select(i => i.Id).ToArray();
        await ItemLogFolder.FoldAsync(db, ids, null, ct);
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        await using var paced = await BeginPacedAsync(ct);
        await using var batch = connection.Batch();
        foreach (var (id, command) in items)
        {
            batch.BatchCommands.Add(CompleteCommandFor(id, owner, command, now, o));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(TaskRollup.LockEachSql(FinishedItemsTasks)) { Parameters = { new NpgsqlParameter<long[]>("ids", ids) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(TaskRollup.RollupSql($"ANY(ARRAY({FinishedItemsTasks}))")) { Parameters = { new NpgsqlParameter<long[]>("ids", ids) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT id FROM task_items WHERE id = ANY(@ids)") { Parameters = { new NpgsqlParameter<long[]>("ids", ids) } });

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

    private static readonly string RescueSql = $"""
        UPDATE task_items SET
            status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
            last_error = 'lease expired: worker ' || COALESCE(lease_owner, '?') || ' stopped reporting',
            attempt_errors = attempt_errors || (attempts::text || ': lease expired: worker ' || COALESCE(lease_owner, '?') || ' stopped reporting'),
            finished_at = CASE WHEN attempts >= max_attempts THEN now() ELSE NULL END,
            run_after = now() + make_interval(secs => {BackoffSecondsSql}),
            lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE status = 'in_progress' AND lease_expires_at < now()
        RETURNING task_id, status
        """;

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
        var rescued = await db.Database.SqlQueryRaw<RescuedItem>(RescueSql,
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
