using System.Globalization;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// Log text: one "[timestamp] line" per entry, capped so a chatty worker cannot bloat it. A task's log is such a column
/// (tasks.log); an item's is built from its item_logs rows when read (<see cref="WorkItems.LogTextsOfTaskAsync"/>).
/// </summary>
public static class LogText
{
    public const int MaxLength = ProtocolLimits.MaxTaskLog;

    public static string Line(string line, DateTimeOffset at) =>
        $"[{at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}] {line.TrimEnd()}";

    /// <summary>
    /// SQL that appends the already formatted <paramref name="lines"/> to <paramref name="column"/> in place, capped like
    /// <see cref="Append"/>. Used in an UPDATE it is atomic: a concurrent append waits for the row and then appends to
    /// the new value, where reading the column, appending in C# and writing it back loses one of the two.
    /// </summary>
    public static string AppendSql(string column, string lines) =>
        $"right(CASE WHEN {column} = '' THEN {lines} ELSE {column} || E'\\n' || {lines} END, {MaxLength})";

    public static string Append(string existing, string line, DateTimeOffset at)
    {
        var combined = string.IsNullOrEmpty(existing) ? Line(line, at) : existing + "\n" + Line(line, at);
        return combined.Length <= MaxLength ? combined : combined[^MaxLength..];
    }
}
