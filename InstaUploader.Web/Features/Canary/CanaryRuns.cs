using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Tasks;
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

        var result = StoredResult.Parse(row.Result);
        return new CanaryStatus(
            row.TaskId, row.Username, row.FinishedAt, row.Status, result.Bool("healthy"),
            result.Str("selectors_version"), result.Str("first_broken"), result.Str("detail"), row.LastError);
    }
}
