using System.Text.Json;
using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Canary;

/// <summary>The latest finished canary: when it ran, with which account, and the first step that no longer matched.</summary>
public sealed record CanaryStatus(
    int TaskId,
    string Account,
    DateTimeOffset? RanAt,
    string Status,
    bool? Healthy,
    string? SelectorsVersion,
    string? FirstBroken,
    string? Detail,
    string? Error);

/// <summary>Reads canary runs back: each is a web_canary item whose result is the worker's report.</summary>
public sealed class CanaryRuns(AppDbContext db)
{
    public async Task<CanaryStatus?> LatestAsync(CancellationToken ct)
    {
        var row = await db.TaskItems.AsNoTracking()
            .Where(i => i.Kind == TaskKinds.WebCanary && (i.Status == ItemStatuses.Done || i.Status == ItemStatuses.Failed))
            .OrderByDescending(i => i.FinishedAt).ThenByDescending(i => i.Id)
            .Select(i => new { i.TaskId, Username = i.Account!.Username, i.FinishedAt, i.Status, i.Result, i.LastError })
            .FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }

        var result = Parse(row.Result);
        return new CanaryStatus(
            row.TaskId, row.Username, row.FinishedAt, row.Status,
            result?.TryGetProperty("healthy", out var h) == true && h.ValueKind is JsonValueKind.True or JsonValueKind.False ? h.GetBoolean() : null,
            Str(result, "selectors_version"), Str(result, "first_broken"), Str(result, "detail"), row.LastError);
    }

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Str(JsonElement? o, string name) =>
        o is { } e && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
