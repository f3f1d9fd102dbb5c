using System.Text.Json;
using InstaUploader.Contracts.Queue;
using InstaUploader.Web.Features.Queue;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>
/// Scrape tasks as a source of the claim protocol: asked after the upload items, one task per claim, ids are the tasks'
/// uuids. The scraper's queue (and its DbContext) is resolved only when a claim or report reaches it.
/// </summary>
public sealed class ScrapeWorkSource(IServiceProvider services) : IWorkSource
{
    /// <summary>A claim that names no lease holds a scrape task this long.</summary>
    private static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(5);

    private ScraperQueue Queue => services.GetRequiredService<ScraperQueue>();

    public int Rank => 1;

    public IReadOnlyCollection<string> Kinds => ScrapeKinds.All;

    // Scrape tasks belong to no operator task: a claim for one task's items never takes them.
    public bool Serves(string? kind, int? taskId) => kind is null ? taskId is null : ScrapeKinds.All.Contains(kind);

    public async Task<object?> ClaimNextAsync(string owner, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct) =>
        await Queue.ClaimNextAsync(owner, kind, lease ?? DefaultLease, ct);

    public async Task<List<object>> ClaimManyAsync(string owner, int limit, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct) =>
        // One task fills a place left over, as a single claim would hand one out.
        await Queue.ClaimNextAsync(owner, kind, lease ?? DefaultLease, ct) is { } claimed ? [claimed] : [];

    public async Task<IResult?> ReportAsync(string id, string owner, JsonElement body, CancellationToken ct)
    {
        // Only ids this source issued are read: its keys are uuids.
        if (!Guid.TryParse(id, out var taskId))
        {
            return null;
        }

        var update = await Queue.UpdateAsync(taskId, owner, body, ct);
        return update.Outcome switch
        {
            ScrapeUpdateOutcome.Updated => TypedResults.Ok(update.Task),
            ScrapeUpdateOutcome.Invalid => ScraperApi.Unprocessable(update.Errors!),
            ScrapeUpdateOutcome.NotFound => TypedResults.NotFound(new DetailAnswer("Not found.")),
            _ => TypedResults.Conflict(new DetailAnswer(update.Detail!)),
        };
    }

    public Task<int> RescueExpiredAsync(CancellationToken ct) => Queue.RescueExpiredAsync(ct);

    public Task<int> CountBecameDueAsync(DateTimeOffset after, DateTimeOffset until, CancellationToken ct) =>
        services.GetRequiredService<ScraperDbContext>().ScrapeTasks
            .CountAsync(t => t.Status == ScrapeTaskStatuses.Pending && t.RunAfter > after && t.RunAfter <= until, ct);
}
