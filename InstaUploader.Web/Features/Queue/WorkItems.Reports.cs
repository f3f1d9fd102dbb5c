using InstaUploader.Web.Data;
using InstaUploader.Web.Features.WorkerApi;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// What a worker reports while it runs an item: status words (the pull-mode routes of the original workers), counters,
/// log lines, and its task's status. Writes that add or append honour an idempotency key recorded in the write's own
/// transaction, so a retried request is applied once and a failed one uses no key.
/// </summary>
public sealed partial class WorkItems
{
    // Columns bind by the snake_case naming convention (id, status, task_id).
    private sealed record StatusRow(long Id, string Status, int TaskId);

    /// <summary>
    /// A worker's report on an item of <paramref name="kind"/>: a status (ours, already mapped), a log line, or both.
    /// A status is refused while another worker holds the item's lease, and when the account already runs another
    /// item. A terminal status ends the lease and rolls the task up.
    /// </summary>
    public async Task<ItemReport> ReportStatusAsync(
        string kind, long id, string? status, string? logLine, string caller, string? idempotencyKey, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await IdempotencyKeys.AlreadyAppliedAsync(idempotencyKey, db, time, ct))
        {
            return ItemReport.Duplicate;
        }

        var now = time.GetUtcNow();
        var lease = await db.TaskItems.AsNoTracking().Where(i => i.Id == id && i.Kind == kind)
            .Select(i => new { i.Status, i.LeaseOwner, i.LeaseExpiresAt }).FirstOrDefaultAsync(ct);
        if (lease is null)
        {
            return ItemReport.NotFound;
        }

        if (status is not null && lease is { Status: ItemStatuses.InProgress, LeaseOwner: { } owner } && lease.LeaseExpiresAt > now && owner != caller)
        {
            // A pull-mode worker (the original one runs every account of its aggregate batch) must not run an item
            // another worker has claimed: that would post the same videos twice.
            return new ItemReport(ReportAnswer.ClaimedByOther, id, null, owner, lease.LeaseExpiresAt);
        }

        var terminal = status is not null && ItemStatuses.IsTerminal(status);
        List<StatusRow> updated;
        try
        {
            updated = await db.Database.SqlQueryRaw<StatusRow>(QueueSql.ReportItemStatus,
                new NpgsqlParameter<long>("id", id),
                new NpgsqlParameter<string>("kind", kind),
                new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = (object?)status ?? DBNull.Value },
                new NpgsqlParameter<bool>("terminal", terminal),
                new NpgsqlParameter("line", NpgsqlDbType.Text) { Value = logLine is { Length: > 0 } line ? line : DBNull.Value },
                new NpgsqlParameter<DateTimeOffset>("now", now)).ToListAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The account lock (one in-progress item per account across tasks) refused a second running item.
            return new ItemReport(ReportAnswer.AccountBusy, id);
        }

        if (updated is not [var item])
        {
            return ItemReport.NotFound;
        }

        await tx.CommitAsync(ct);
        if (terminal)
        {
            await RollUpAsync(item.TaskId, ct);
        }

        return new ItemReport(ReportAnswer.Applied, item.Id, item.Status);
    }

    /// <summary>Adds <paramref name="deltas"/> to the counters of an item of <paramref name="kind"/>; answers the new totals.</summary>
    public async Task<CountersReport> AddCountersAsync(string kind, long id, ItemCounters deltas, string? idempotencyKey, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await IdempotencyKeys.AlreadyAppliedAsync(idempotencyKey, db, time, ct))
        {
            return new CountersReport(ReportAnswer.Duplicate, null);
        }

        var updated = await db.TaskItems.Where(i => i.Id == id && i.Kind == kind).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Success, i => i.Success + deltas.Success)
            .SetProperty(i => i.Failed, i => i.Failed + deltas.Failed)
            .SetProperty(i => i.Likes, i => i.Likes + deltas.Likes)
            .SetProperty(i => i.Follows, i => i.Follows + deltas.Follows)
            .SetProperty(i => i.Viewed, i => i.Viewed + deltas.Viewed)
            .SetProperty(i => i.UpdatedAt, time.GetUtcNow()), ct);
        if (updated == 0)
        {
            return new CountersReport(ReportAnswer.NotFound, null);
        }

        await tx.CommitAsync(ct);
        var item = await db.TaskItems.AsNoTracking().FirstAsync(i => i.Id == id, ct);
        return new CountersReport(ReportAnswer.Applied, new ItemCounters(item.Success, item.Failed, item.Likes, item.Follows, item.Viewed));
    }

    /// <summary>
    /// The stored line an earlier request with the same Idempotency-Key appended to <paramref name="item"/>: the latest
    /// line of that item with that message, for answering the retry as the original was answered.
    /// </summary>
    public Task<ItemLog?> StoredLineAsync(long item, string message, CancellationToken ct) =>
        db.ItemLogs.AsNoTracking().Where(l => l.ItemId == item && l.Message == message).OrderByDescending(l => l.Id).FirstOrDefaultAsync(ct);

    /// <summary>
    /// A worker's report on a whole task of <paramref name="kind"/>: a status (ours, already mapped), text added to the
    /// log as it is (<paramref name="log"/>) and a timestamped line, in one statement so no concurrent line is lost.
    /// </summary>
    public async Task<ItemReport> ReportTaskStatusAsync(
        string kind, int id, string? status, string? log, string? logLine, string? idempotencyKey, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await IdempotencyKeys.AlreadyAppliedAsync(idempotencyKey, db, time, ct))
        {
            return ItemReport.Duplicate;
        }

        var now = time.GetUtcNow();
        var updated = await db.Database.SqlQueryRaw<StatusRow>(QueueSql.ReportTaskStatus,
            new NpgsqlParameter<int>("id", id),
            new NpgsqlParameter<string>("kind", kind),
            new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = (object?)status ?? DBNull.Value },
            new NpgsqlParameter<bool>("terminal", status is not null && TaskStatuses.IsTerminal(status)),
            new NpgsqlParameter("log", NpgsqlDbType.Text) { Value = log is { Length: > 0 } text ? text.TrimEnd('\n') : DBNull.Value },
            new NpgsqlParameter("line", NpgsqlDbType.Text) { Value = logLine is { Length: > 0 } line ? LogText.Line(line, now) : DBNull.Value },
            new NpgsqlParameter<DateTimeOffset>("now", now)).ToListAsync(ct);
        if (updated is not [var task])
        {
            return ItemReport.NotFound;
        }

        await tx.CommitAsync(ct);
        return new ItemReport(ReportAnswer.Applied, task.Id, task.Status);
    }
}

public enum ReportAnswer
{
    Applied,

    /// <summary>The idempotency key was used before: the report had been applied already.</summary>
    Duplicate,
    NotFound,

    /// <summary>Another worker holds the item's lease.</summary>
    ClaimedByOther,

    /// <summary>The item's account already runs another item.</summary>
    AccountBusy,
}

/// <summary>How a status report went; for <see cref="ReportAnswer.ClaimedByOther"/> whose lease refused it.</summary>
public sealed record ItemReport(ReportAnswer Answer, long Id = 0, string? Status = null, string? LeaseOwner = null, DateTimeOffset? LeaseExpiresAt = null)
{
    public static readonly ItemReport Duplicate = new(ReportAnswer.Duplicate);
    public static readonly ItemReport NotFound = new(ReportAnswer.NotFound);
}

public sealed record ItemCounters(int Success, int Failed, int Likes, int Follows, int Viewed);

/// <summary>How a counters report went; <see cref="Totals"/> when applied.</summary>
public sealed record CountersReport(ReportAnswer Answer, ItemCounters? Totals);
