using System.Globalization;
using System.Text.Json;
using InstaUploader.Contracts.Queue;
using InstaUploader.Contracts.Scrape;

namespace InstaUploader.Worker.Runners;

/// <summary>Runs one claimed unit of work of the kinds it declares. One implementation per task kind.</summary>
public interface IWorkRunner
{
    IReadOnlyCollection<string> Kinds { get; }

    Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct);
}

/// <summary>
/// A claimed work item (or scrape task) as a runner sees it: the contract's claimed item with its account (or the
/// scrape task's scraping account) and the kind's free-form payload, read leniently through <c>PayloadJson</c>.
/// </summary>
public sealed record ClaimedWork(
    string Id,
    string Kind,
    int? TaskId,
    int Attempts,
    DateTimeOffset? LeaseExpiresAt,
    AccountBlock? Account,
    JsonElement Payload)
{
    /// <summary>
    /// The Web's key of a work item, read once from the claim; null for a scrape task, which has no lease renewal,
    /// batched logs or batched completion. Nothing else reads <see cref="Id"/>: it goes back to the Web as it came.
    /// </summary>
    public long? ItemId { get; init; }

    /// <summary>The scraping account of a scrape task (its <see cref="Account"/> is null).</summary>
    public Contracts.Scrape.ScrapeClaimAccount? ScrapeAccount { get; init; }

    /// <summary>The payload's common fields (options, proxy, media, copy_index); null when they do not parse.</summary>
    public WorkPayload? CommonPayload()
    {
        try
        {
            return Payload.ValueKind == JsonValueKind.Object ? Payload.Deserialize<WorkPayload>(ProtocolJson.Options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public int Position { get; init; }
    public int? MaxAttempts { get; init; }
    public DateTimeOffset? QueryCreated { get; init; }
    public DateTimeOffset? QueryStarted { get; init; }

    public static ClaimedWork From(ClaimedItem item) => new(
        item.Id.ToString(CultureInfo.InvariantCulture), item.Kind, item.TaskId, item.Attempts, item.LeaseExpiresAt,
        item.Account,
        JsonSerializer.SerializeToElement(item.Payload, ProtocolJson.Options))
    {
        ItemId = item.Id,
        Position = item.Position,
        MaxAttempts = item.MaxAttempts,
        QueryCreated = item.QueryCreated,
        QueryStarted = item.QueryStarted,
    };

    public static ClaimedWork From(ScrapeClaim claim) => new(
        claim.Id, claim.Kind, claim.TaskId, claim.Attempts, new DateTimeOffset(DateTime.SpecifyKind(claim.LeaseExpiresAt, DateTimeKind.Utc)),
        null, claim.Payload)
    {
        ScrapeAccount = claim.Account,
    };

    public override string ToString() => $"ClaimedWork {{ Id = {Id}, Kind = {Kind}, TaskId = {TaskId}, Attempts = {Attempts} }}";
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

    /// <summary>
    /// Call before a step that cannot be undone (posting): returns when the item is still this worker's, throws
    /// <see cref="OperationCanceledException"/> when its lease is gone (rescued while this process was frozen).
    /// </summary>
    Task EnsureLeaseAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>The result of running one item. <see cref="Retryable"/> failures go back to the queue with backoff.</summary>
public sealed record WorkOutcome(bool Success, string? Error = null, object? Result = null, bool Retryable = false, TimeSpan? RetryAfter = null)
{
    /// <summary>The runner already wrote <see cref="Error"/> to the item log, so the report does not append it again.</summary>
    public bool ErrorLogged { get; init; }

    /// <summary>What the failure showed about the account (an AccountStatuses value), or null when it says nothing about it.</summary>
    public string? AccountStatus { get; init; }

    /// <summary>How Instagram pushed back (a PushBacks value: 429, feedback_required, an action block), or null.</summary>
    public string? PushBack { get; init; }

    public static WorkOutcome Ok(object? result = null) => new(true, null, result);
    public static WorkOutcome Fail(string error, bool retryable = false, TimeSpan? retryAfter = null) => new(false, error, null, retryable, retryAfter);
}
