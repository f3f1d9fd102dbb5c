using InstaUploader.Web.Data;
using Npgsql;
using NpgsqlTypes;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// Brings items' log columns up to date with the batched lines already stored in item_logs (item_log_backlog): one
/// pass appends every pending line of an item in one rewrite of its column (the column is rewritten whole, so each
/// rewrite costs as much as the log is long). Background passes run every few seconds; the column is brought up to
/// date at once for the items being completed or read, so it is never behind for them. A pass holds an item's row
/// only while it writes the column: a log batch adding counts to that item waits for that write, not for the lines
/// to be gathered (bench: per-line p99 38.8 ms with a pass every 250 ms that held the rows throughout, 15–28 ms
/// every 5 s, 7–10 ms holding them for the write alone).
/// </summary>
public sealed class ItemLogFolder(IServiceScopeFactory scopes, TimeProvider time, ILogger<ItemLogFolder> logger) : BackgroundService
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);

    // The pending lines are taken (deleted from the backlog) in log id order: a second pass over the same item waits at
    // the first line the two share until the first pass commits, then skips what it took, so an item's lines reach its
    // column in order. The items' rows are locked only for the final write, in id order, not while the lines are
    // gathered: a log batch adding counts to an item waits for that write alone.
    private static readonly string FoldSql = $"""
        WITH taken AS (
            DELETE FROM item_log_backlog b
            WHERE b.log_id IN (
                SELECT log_id FROM item_log_backlog
                WHERE (@items IS NULL OR item_id = ANY(@items))
                  AND (@task IS NULL OR item_id IN (SELECT id FROM task_items WHERE task_id = @task))
                ORDER BY log_id
                FOR UPDATE)
            RETURNING b.log_id, b.item_id),
        lines AS (
            SELECT t.item_id,
                   string_agg('[' || to_char(l.at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '] ' || rtrim(l.message, E' \t\r\n'),
                              E'\n' ORDER BY l.id) AS lines
            FROM taken t JOIN item_logs l ON l.id = t.log_id
            GROUP BY t.item_id),
        locked AS (
            -- Lines of items deleted since (task_items rows are not referenced by item_logs) were taken and go nowhere.
            SELECT id FROM task_items WHERE id IN (SELECT item_id FROM lines) ORDER BY id FOR UPDATE)
        UPDATE task_items i SET log = {LogText.AppendSql("i.log", "lines.lines")}
        FROM lines JOIN locked ON locked.id = lines.item_id
        WHERE i.id = lines.item_id
        """;

    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Asks for a pass soon; many signals before it runs make one pass.</summary>
    public void Signal()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    /// <summary>
    /// Appends the pending lines of <paramref name="items"/> (or of every item of <paramref name="taskId"/>, or of
    /// all items when both are null) to their log columns; returns how many items it updated.
    /// </summary>
    public static async Task<int> FoldAsync(AppDbContext db, IReadOnlyCollection<long>? items, int? taskId, CancellationToken ct)
    {
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        await using var command = connection.Command(FoldSql);
        command.Parameters.Add(new NpgsqlParameter("items", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = items is null ? DBNull.Value : items.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("task", NpgsqlDbType.Integer) { Value = (object?)taskId ?? DBNull.Value });
        return await connection.RetryDeadlocksAsync(() => command.ExecuteNonQueryAsync(ct));
    }

    private static async Task<List<long>> PendingItemsAsync(AppDbContext db, CancellationToken ct)
    {
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        await using var command = connection.Command("SELECT DISTINCT item_id FROM item_log_backlog ORDER BY item_id");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var items = new List<long>();
        while (await reader.ReadAsync(ct))
        {
            items.Add(reader.GetInt64(0));
        }

        return items;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(Idle, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                // One item per statement: a counter added to an item waits for one rewrite, not for a whole pass.
                foreach (var item in await PendingItemsAsync(db, stoppingToken))
                {
                    await FoldAsync(db, [item], null, stoppingToken);
                }

                await Task.Delay(Coalesce, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The lines are safe in item_logs; the next pass appends them.
                logger.LogWarning("Appending pending log lines to their items failed: {Error}", ex.Message);
                await Task.Delay(Idle, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
