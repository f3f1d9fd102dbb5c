using System.Text.Json;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// A queue whose work reaches the workers through the one claim protocol (claim_next, PATCH /api/queries/{id}/, lease
/// rescue): upload work items and scrape tasks. <see cref="WorkSources"/> asks each in turn; a source answers only for
/// the kinds it serves and the ids it issued, so no route reads an id to pick a queue. Answers are the protocol's contract
/// records, which the two queues have always shaped differently (ClaimedItem, ScrapeClaim).
/// </summary>
public interface IWorkSource
{
    /// <summary>Sources are asked in rank order, lowest first: upload items before scrape tasks, which fill what is left.</summary>
    int Rank { get; }

    /// <summary>The kinds this source hands out.</summary>
    IReadOnlyCollection<string> Kinds { get; }

    /// <summary>Whether a claim for <paramref name="kind"/> (any when null) of task <paramref name="taskId"/> (any when null) may take from this source.</summary>
    bool Serves(string? kind, int? taskId);

    /// <summary>Claims one unit of work for <paramref name="owner"/>; its claim body, or null when nothing is runnable.</summary>
    Task<object?> ClaimNextAsync(string owner, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct);

    /// <summary>Claims up to <paramref name="limit"/> units of work; their claim bodies (none when nothing is runnable).</summary>
    Task<List<object>> ClaimManyAsync(string owner, int limit, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct);

    /// <summary>A worker's report (PATCH body) on <paramref name="id"/>; null when this source did not issue that id.</summary>
    Task<IResult?> ReportAsync(string id, string owner, JsonElement body, CancellationToken ct);

    /// <summary>Returns work whose lease expired to the queue (or fails it once its attempts are spent); how many.</summary>
    Task<int> RescueExpiredAsync(CancellationToken ct);

    /// <summary>Queued work whose backoff ended in (<paramref name="after"/>, <paramref name="until"/>].</summary>
    Task<int> CountBecameDueAsync(DateTimeOffset after, DateTimeOffset until, CancellationToken ct);
}
