using InstaUploader.Web.Data;
using Npgsql;
using NpgsqlTypes;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// Appends worker log lines to items in one statement per request: each line becomes an item_logs row and is appended
/// to its item's log column in place (never read, changed in C# and written back, which lost lines under concurrent
/// writers). An Idempotency-Key is recorded by the same statement, so a retried request appends once and a failed one
/// records nothing.
/// </summary>
public static class ItemLogAppender
{
    private static readonly string AppendSql = $"""
        WITH fresh AS (
            INSERT INTO processed_requests (key, at) SELECT @key, @now WHERE @key IS NOT NULL
            ON CONFLICT (key) DO NOTHING RETURNING 1),
        input AS (
            SELECT l.item_id, l.message, l.line, l.ord
            FROM unnest(@items, @messages, @lines) WITH ORDINALITY AS l(item_id, message, line, ord)
            WHERE @key IS NULL OR EXISTS (SELECT 1 FROM fresh)),
        appended AS (
            UPDATE task_items t SET log = {LogText.AppendSql("t.log", "a.lines")}, updated_at = @now
            FROM (SELECT item_id, string_agg(line, E'\n' ORDER BY ord) AS lines FROM input GROUP BY item_id) a
            WHERE t.id = a.item_id
            RETURNING t.id, t.task_id),
        inserted AS (
            INSERT INTO item_logs (item_id, task_id, message, at)
            SELECT i.item_id, ap.task_id, i.message, @now FROM input i JOIN appended ap ON ap.id = i.item_id ORDER BY i.ord
            RETURNING id, item_id, task_id)
        SELECT @key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM fresh), n.id, n.item_id, n.task_id
        FROM (SELECT 1) one LEFT JOIN inserted n ON true
        ORDER BY n.id
        """;

    private const int MaxDeadlockRetries = 3;

    /// <summary>
    /// Appends <paramref name="lines"/> (item id, message) at <paramref name="now"/>. <see cref="AppendResult.Duplicate"/>
    /// when <paramref name="idempotencyKey"/> was used before (nothing appended); lines of unknown items are skipped.
    /// </summary>
    public static async Task<AppendResult> AppendAsync(
        AppDbContext db, IReadOnlyList<(long Item, string Message)> lines, string? idempotencyKey, DateTimeOffset now, CancellationToken ct)
    {
        long[] items = [.. lines.Select(l => l.Item)];
        string[] messages = [.. lines.Select(l => l.Message)];
        string[] formatted = [.. lines.Select(l => LogText.Line(l.Message, now))];
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = connection.Command(AppendSql);
                command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = (object?)idempotencyKey ?? DBNull.Value });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
                command.Parameters.Add(new NpgsqlParameter<long[]>("items", items));
                command.Parameters.Add(new NpgsqlParameter<string[]>("messages", messages));
                command.Parameters.Add(new NpgsqlParameter<string[]>("lines", formatted));
                await command.PrepareAsync(ct);
                await using var reader = await command.ExecuteReaderAsync(ct);
                var duplicate = false;
                var rows = new List<AppendedLine>(lines.Count);
                while (await reader.ReadAsync(ct))
                {
                    duplicate = reader.GetBoolean(0);
                    if (!reader.IsDBNull(1))
                    {
                        rows.Add(new AppendedLine(reader.GetInt64(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt32(3)));
                    }
                }

                return new AppendResult(duplicate, rows);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < MaxDeadlockRetries)
            {
                // Two batches touching the same items in different orders: the statement rolled back whole; run it again.
            }
        }
    }
}

public sealed record AppendedLine(long LogId, long ItemId, int? TaskId);

public sealed record AppendResult(bool Duplicate, IReadOnlyList<AppendedLine> Lines);
