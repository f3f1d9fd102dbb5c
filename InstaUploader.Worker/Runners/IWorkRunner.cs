using System.Text.Json;

namespace InstaUploader.Worker.Runners;

/// <summary>Runs one claimed unit of work of the kinds it declares. One implementation per task kind.</summary>
public interface IWorkRunner
{
    IReadOnlyCollection<string> Kinds { get; }

    Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct);
}

/// <summary>
/// The body of a successful POST /api/queries/claim_next/: the item and everything needed to run it.
/// <see cref="Raw"/> is the whole JSON, for kind-specific fields.
/// </summary>
public sealed record ClaimedWork(
    string Id,
    string Kind,
    int? TaskId,
    int Attempts,
    DateTimeOffset? LeaseExpiresAt,
    JsonElement Account,
    JsonElement Payload,
    JsonElement Raw)
{
    /// <summary>
    /// The Web's key of a work item (the claim says so: it sends an item's id as a JSON number), read once here; null for
    /// work of the scrape queue, which has no lease renewal, batched logs or batched completion. Nothing else reads
    /// <see cref="Id"/>: it is passed back to the Web as it came.
    /// </summary>
    public long? ItemId { get; } =
        Raw.ValueKind == JsonValueKind.Object && Raw.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64() : null;
}

/// <summary>What a runner may do besides its own work: report progress to the Web.</summary>
public interface IWorkContext
{
    /// <summary>Appends a timestamped line to the item's log (and the seed's logs route).</summary>
    Task LogAsync(string line, CancellationToken ct);

    /// <summary>Adds to the item's counters, e.g. ("likes", 3).</summary>
    Task AddCountersAsync(IReadOnlyDictionary<string, int> counters, CancellationToken ct);

    /// <summary>Saves runner state on the account (cookies, mobile session) so the next run can reuse it.</summary>
    Task SaveAccountStateAsync(string? sessionSettings, string? cookiesJson, int? cookiesCount, CancellationToken ct);

    /// <summary>Downloads a media file of the Web's library into the worker's temp dir (verified by sha256).</summary>
    Task<string> DownloadMediaAsync(int mediaId, CancellationToken ct);
}

/// <summary>The result of running one item. <see cref="Retryable"/> failures go back to the queue with backoff.</summary>
public sealed record WorkOutcome(bool Success, string? Error = null, object? Result = null, bool Retryable = false, TimeSpan? RetryAfter = null)
{
    /// <summary>The runner already wrote <see cref="Error"/> to the item log, so the report does not append it again.</summary>
    public bool ErrorLogged { get; init; }

    public static WorkOutcome Ok(object? result = null) => new(true, null, result);
    public static WorkOutcome Fail(string error, bool retryable = false, TimeSpan? retryAfter = null) => new(false, error, null, retryable, retryAfter);
}
