namespace InstaUploader.Web.Data.Migrations.Sql;

/// <summary>
/// Raw SQL of the QueueStateChecks migration, which makes item_logs the one store of item logs (dropping the
/// task_items.log column and the item_log_backlog table) and puts CHECK constraints on the queue's status columns.
/// </summary>
internal static class QueueStateChecksSql
{
    /// <summary>
    /// Lines that only the column held (a completion's answer_text, a status route's log_append, lines older than
    /// item_logs) become item_logs rows before the column goes, each with its own timestamp; a line item_logs already
    /// has (the batched ones, folded into the column from there) is not copied again. Text the column held that is not
    /// a "[timestamp] line" (a continuation of a multi-line message) stays with the line before it.
    /// </summary>
    public const string ColumnOnlyLinesToItemLogs = """
        INSERT INTO item_logs (item_id, task_id, message, at)
        SELECT i.id, i.task_id, m.parts[2], (m.parts[1] || '+00')::timestamptz
        FROM task_items i
        CROSS JOIN LATERAL regexp_split_to_table(i.log, E'\n(?=\\[\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\] )') WITH ORDINALITY AS l(line, ord)
        CROSS JOIN LATERAL regexp_match(l.line, '^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\] (.*)$', 's') AS m(parts)
        WHERE i.log <> '' AND m.parts IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM item_logs x WHERE x.item_id = i.id AND rtrim(x.message, E' \t\r\n') = m.parts[2])
        ORDER BY i.id, l.ord;
        """;

    /// <summary>Down: the column again, written from item_logs as the original "log" text (the last 200,000 characters).</summary>
    public const string ItemLogsToColumn = """
        UPDATE task_items i SET log = right(x.text, 200000)
        FROM (SELECT item_id,
                     string_agg('[' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '] ' || rtrim(message, E' \t\r\n'),
                                E'\n' ORDER BY id) AS text
              FROM item_logs GROUP BY item_id) x
        WHERE i.id = x.item_id;
        """;
}
