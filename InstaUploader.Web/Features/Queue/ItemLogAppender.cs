using InstaUploader.Web.Data;
using Npgsql;
using NpgsqlTypes;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// Stores worker log lines and adds counters to items in one statement per request: each line becomes an item_logs
/// row, each count is added to its column in place (never read, changed in C# and written back, which lost lines
/// under concurrent writers). An Idempotency-Key is recorded by the same statement, so a retried request applies once
/// and a failed one records nothing. The answer is one row whatever the batch's size.
/// <para>
/// The item's log column is rewritten whole by every append, so its cost grows with the log, not the batch: a batch's
/// lines are queued for <see cref="ItemLogFolder"/>, which appends them in coalesced passes (and before the item's
/// completion or a read of the column). A single line (POST /api/logs/, docs/protocol.md#logs) is appended to the column at once.
/// </para>
/// </summary>
public static class ItemLogAppender
{
    private static readonly string DeferredSql = """
        WITH fresh AS (
            INSERT INTO processed_requests (key, at) SELECT @key, @now WHERE @key IS NOT NULL
            ON CONFLICT (key) DO NOTHING RETURNING 1),
        go AS (SELECT @key IS NULL OR EXISTS (SELECT 1 FROM fresh) AS ok),
        known AS (SELECT id, task_id FROM task_items WHERE id = ANY(@items || @c_items)),
        input AS (
            SELECT l.item_id, l.message, l.ord
            FROM unnest(@items, @messages) WITH ORDINALITY AS l(item_id, message, ord)
            WHERE (SELECT ok FROM go)),
        counted AS (
            UPDATE task_items t SET
                success = t.success + c.success, failed = t.failed + c.failed, likes = t.likes + c.likes,
                follows = t.follows + c.follows, viewed = t.viewed + c.viewed, updated_at = @now
            FROM (SELECT item_id, sum(success)::int AS success, sum(failed)::int AS failed, sum(likes)::int AS likes,
                         sum(follows)::int AS follows, sum(viewed)::int AS viewed
                  FROM unnest(@c_items, @c_success, @c_failed, @c_likes, @c_follows, @c_viewed) AS c(item_id, success, failed, likes, follows, viewed)
                  WHERE (SELECT ok FROM go)
                  GROUP BY item_id) c
            WHERE t.id = c.item_id
            RETURNING t.id),
        inserted AS (
            INSERT INTO item_logs (item_id, task_id, message, at)
            SELECT i.item_id, k.task_id, i.message, @now FROM input i JOIN known k ON k.id = i.item_id ORDER BY i.ord
            RETURNING id, item_id),
        pending AS (INSERT INTO item_log_backlog (log_id, item_id) SELECT id, item_id FROM inserted)
        SELECT NOT (SELECT ok FROM go),
               (SELECT count(*) FROM inserted)::int,
               (SELECT min(id) FROM inserted),
               (SELECT array_agg(id) FROM known),
               (SELECT min(task_id) FROM known)
        """;

    private static readonly string DirectSql = $"""
        WITH fresh AS (
            INSERT INTO processed_requests (key, at) SELECT @key, @now WHERE @key IS NOT NULL
            ON CONFLICT (key) DO NOTHING RETURNING 1),
        go AS (SELECT @key IS NULL OR EXISTS (SELECT 1 FROM fresh) AS ok),
        input AS (
            SELECT l.item_id, l.message, l.line, l.ord
            FROM unnest(@items, @messages, @lines) WITH ORDINALITY AS l(item_id, message, line, ord)
            WHERE (SELECT ok FROM go)),
        counts AS (
            SELECT c.item_id, c.success, c.failed, c.likes, c.follows, c.viewed
            FROM unnest(@c_items, @c_success, @c_failed, @c_likes, @c_follows, @c_viewed) AS c(item_id, success, failed, likes, follows, viewed)
            WHERE (SELECT ok FROM go)),
        per_item AS (
            SELECT item_id, string_agg(line, E'\n' ORDER BY ord) AS lines,
                   sum(success)::int AS success, sum(failed)::int AS failed, sum(likes)::int AS likes,
                   sum(follows)::int AS follows, sum(viewed)::int AS viewed
            FROM (SELECT item_id, line, ord, 0 AS success, 0 AS failed, 0 AS likes, 0 AS follows, 0 AS viewed FROM input
                  UNION ALL
                  SELECT item_id, NULL, NULL, success, failed, likes, follows, viewed FROM counts) x
            GROUP BY item_id),
        appended AS (
            UPDATE task_items t SET
                log = CASE WHEN a.lines IS NULL THEN t.log ELSE {LogText.AppendSql("t.log", "a.lines")} END,
                success = t.success + a.success, failed = t.failed + a.failed, likes = t.likes + a.likes,
                follows = t.follows + a.follows, viewed = t.viewed + a.viewed,
                updated_at = @now
            FROM per_item a
            WHERE t.id = a.item_id
            RETURNING t.id, t.task_id),
        inserted AS (
            INSERT INTO item_logs (item_id, task_id, message, at)
            SELECT i.item_id, ap.task_id, i.message, @now FROM input i JOIN appended ap ON ap.id = i.item_id ORDER BY i.ord
            RETURNING id)
        SELECT NOT (SELECT ok FROM go),
               (SELECT count(*) FROM inserted)::int,
               (SELECT min(id) FROM inserted),
               (SELECT array_agg(id) FROM appended),
               (SELECT min(task_id) FROM appended)
        """;

    /// <summary>
    /// Stores <paramref name="lines"/> (item id, message) and adds <paramref name="counters"/> at <paramref name="now"/>;
    /// the lines reach the items' log columns at once when <paramref name="deferColumn"/> is false, else through
    /// <see cref="ItemLogFolder"/>. <see cref="AppendResult.Duplicate"/> when <paramref name="idempotencyKey"/> was used
    /// before (nothing applied); lines and counts of unknown items are skipped.
    /// </summary>
    public static async Task<AppendResult> AppendAsync(
        AppDbContext db, IReadOnlyList<(long Item, string Message)> lines, IReadOnlyList<CounterDelta> counters, string? idempotencyKey,
        DateTimeOffset now, bool deferColumn, CancellationToken ct)
    {
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        await using var command = connection.Command(deferColumn ? DeferredSql : DirectSql);
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = (object?)idempotencyKey ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<long[]>("items", [.. lines.Select(l => l.Item)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("messages", [.. lines.Select(l => l.Message)]));
        if (!deferColumn)
        {
            command.Parameters.Add(new NpgsqlParameter<string[]>("lines", [.. lines.Select(l => LogText.Line(l.Message, now))]));
        }

        command.Parameters.Add(new NpgsqlParameter<long[]>("c_items", [.. counters.Select(c => c.Item)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("c_success", [.. counters.Select(c => c.Success)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("c_failed", [.. counters.Select(c => c.Failed)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("c_likes", [.. counters.Select(c => c.Likes)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("c_follows", [.. counters.Select(c => c.Follows)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("c_viewed", [.. counters.Select(c => c.Viewed)]));
        await command.PrepareUnlessPooledAsync(ct);
        return await connection.RetryDeadlocksAsync(async () =>
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return new AppendResult(
                Duplicate: reader.GetBoolean(0),
                Appended: reader.GetInt32(1),
                FirstLogId: reader.IsDBNull(2) ? null : reader.GetInt64(2),
                Items: reader.IsDBNull(3) ? [] : reader.GetFieldValue<long[]>(3),
                TaskId: reader.IsDBNull(4) ? null : reader.GetInt32(4));
        });
    }
}

/// <summary>Counts to add to one item's counters.</summary>
public sealed record CounterDelta(long Item, int Success, int Failed, int Likes, int Follows, int Viewed);

/// <summary>
/// What one append did: how many lines it stored (the first one's item_logs id), which of the named items exist, and
/// the task of the item when there was one.
/// </summary>
public sealed record AppendResult(bool Duplicate, int Appended, long? FirstLogId, IReadOnlyList<long> Items, int? TaskId);
