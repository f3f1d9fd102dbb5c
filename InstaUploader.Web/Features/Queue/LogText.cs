using System.Globalization;

namespace InstaUploader.Web.Features.Queue;

/// <summary>Log columns are append-only text: one "[timestamp] line" per entry, capped so a chatty worker cannot bloat rows.</summary>
public static class LogText
{
    public const int MaxLength = 200_000;

    public static string Line(string line, DateTimeOffset at) =>
        $"[{at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}] {line.TrimEnd()}";

    public static string Append(string existing, string line, DateTimeOffset at)
    {
        var combined = string.IsNullOrEmpty(existing) ? Line(line, at) : existing + "\n" + Line(line, at);
        return combined.Length <= MaxLength ? combined : combined[^MaxLength..];
    }
}
