using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Queue;

/// <summary>
/// A claimed work item as claim_next answers it: the item under its new lease, its account (null for kinds that
/// work on a proxy or a media file) and its payload. <c>account_task_id</c> repeats the id under the original
/// worker's name. The payload is free-form per kind (see <see cref="WorkPayload"/> for its common fields).
/// </summary>
public sealed record ClaimedItem(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("account_task_id")] long AccountTaskId,
    [property: JsonPropertyName("task_id")] int TaskId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("position")] int Position,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("max_attempts")] int MaxAttempts,
    [property: JsonPropertyName("lease_owner")] string? LeaseOwner,
    [property: JsonPropertyName("lease_expires_at")] DateTimeOffset? LeaseExpiresAt,
    [property: JsonPropertyName("query_created")] DateTimeOffset QueryCreated,
    [property: JsonPropertyName("query_started")] DateTimeOffset? QueryStarted,
    [property: JsonPropertyName("account")] AccountBlock? Account,
    [property: JsonPropertyName("payload")] JsonObject Payload)
{
    public override string ToString() => $"ClaimedItem {{ Id = {Id}, Kind = {Kind}, TaskId = {TaskId} }}";
}

/// <summary>
/// What every claimed answer (upload work or scrape work) has in common: enough to tell which shape the rest is.
/// </summary>
public sealed record ClaimHead(
    [property: JsonPropertyName("id")] JsonNode? Id,
    [property: JsonPropertyName("kind")] string? Kind);

/// <summary>claim_next with a limit: the claimed items (empty when nothing is runnable).</summary>
public sealed record ClaimBatch<T>([property: JsonPropertyName("items")] IReadOnlyList<T> Items);

/// <summary>A refusal that says only why (the scraper queue's 404 and 409 answers).</summary>
public sealed record DetailAnswer([property: JsonPropertyName("detail")] string Detail);

/// <summary>The 404 body of claim_next when nothing is runnable.</summary>
public sealed record EmptyQueue([property: JsonPropertyName("detail")] string Detail)
{
    public const string NoQueuedQueries = "No queued queries available";
    public static readonly EmptyQueue Instance = new(NoQueuedQueries);
}
