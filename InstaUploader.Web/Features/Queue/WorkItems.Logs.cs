using InstaUploader.Web.Data;
using Npgsql;
using NpgsqlTypes;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// An item's log: item_logs is its one store, append-only, one row per line (docs/protocol.md#logs). Lines and counts
/// are written in one statement per request, each count added to its column in place (never read, changed in C# and
/// written back, which lost counts under concurrent writers); readers build the original protocol's log text from the
/// rows when they ask, so a read writes nothing.
/// </summary>
public sealed partial class WorkItems
{
    /// <summary>
    /// Stores <paramref name="lines"/> (item id, message) and adds <paramref name="counters"/> at <paramref name="now"/>, in
    /// one statement. <see cref="AppendResult.Duplicate"/> when <paramref name="idempotencyKey"/> was used before
    /// (nothing applied); lines and counts of unknown items are skipped.
    /// </summary>
    public async Task<AppendResult> AppendLogsAsync(
        IReadOnlyList<(long Item, string Message)> lines, IReadOnlyList<CounterDelta> counters, string? idempotencyKey,
        DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        await using var command = connection.Command(QueueSql.AppendLogs);
        command.Parameters.Add(new NpgsqlParameter("key", NpgsqlDbType.Text) { Value = (object?)idempotencyKey ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now));
        command.Parameters.Add(new NpgsqlParameter<long[]>("items", [.. lines.Select(l => l.Item)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("messages", [.. lines.Select(l => l.Message)]));
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

    /// <summary>
    /// The log text of every item of <paramref name="taskId"/> that has lines, as the original protocol's <c>log</c>
    /// field carries it: one "[timestamp] line" per line, oldest first, the last <see cref="LogText.MaxLength"/>
    /// characters. Built from item_logs at read time.
    /// </summary>
    public async Task<Dictionary<long, string>> LogTextsOfTaskAsync(int taskId, CancellationToken ct)
    {
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        await using var command = connection.Command(QueueSql.TaskItemLines);
        command.Parameters.Add(new NpgsqlParameter<int>("task", taskId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var texts = new Dictionary<long, System.Text.StringBuilder>();
        while (await reader.ReadAsync(ct))
        {
            var item = reader.GetInt64(0);
            var line = LogText.Line(reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2));
            if (texts.TryGetValue(item, out var text))
            {
                text.Append('\n').Append(line);
            }
            else
            {
                texts[item] = new System.Text.StringBuilder(line);
            }
        }

        return texts.ToDictionary(t => t.Key, t => t.Value.Length <= LogText.MaxLength ? t.Value.ToString() : t.Value.ToString(t.Value.Length - LogText.MaxLength, LogText.MaxLength));
    }
}

/// <summary>Counts to add to one item's counters.</summary>
public sealed record CounterDelta(long Item, int Success, int Failed, int Likes, int Follows, int Viewed);

/// <summary>
/// What one append did: how many lines it stored (the first one's item_logs id), which of the named items exist, and
/// the task of the item when there was one.
/// </summary>
public sealed record AppendResult(bool Duplicate, int Appended, long? FirstLogId, IReadOnlyList<long> Items, int? TaskId);
