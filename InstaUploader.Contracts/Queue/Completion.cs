using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Queue;

/// <summary>
/// The outcome of a claimed item (PATCH /api/queries/{id}/, and one item of a batch completion with its id):
/// status done or failed; a retryable failure is queued again after retry_after_seconds while attempts remain.
/// account_status (one of AccountStatuses) is what the failure showed about the item's account, e.g. login_required
/// after a wrong password; the Web sets it on the account with the error. push_back (one of PushBacks) is how
/// Instagram refused the run (429, feedback_required, an action block); the Web slows the account and its proxy.
/// </summary>
public sealed record CompleteRequest(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("answer_text"), MaxLength(ProtocolLimits.MaxText)] string? AnswerText,
    [property: JsonPropertyName("query_finished")] DateTimeOffset? QueryFinished,
    [property: JsonPropertyName("result")] JsonElement? Result,
    [property: JsonPropertyName("error"), MaxLength(ProtocolLimits.MaxText)] string? Error,
    [property: JsonPropertyName("retryable")] bool? Retryable,
    [property: JsonPropertyName("retry_after_seconds")] double? RetryAfterSeconds,
    [property: JsonPropertyName("account_status")] string? AccountStatus = null,
    [property: JsonPropertyName("push_back")] string? PushBack = null);

/// <summary>One item of a batch completion: its id and the PATCH body's fields.</summary>
public sealed record CompleteItem(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("answer_text")] string? AnswerText,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("result")] JsonElement? Result,
    [property: JsonPropertyName("retryable")] bool? Retryable,
    [property: JsonPropertyName("retry_after_seconds")] double? RetryAfterSeconds,
    [property: JsonPropertyName("query_finished")] DateTimeOffset? QueryFinished,
    [property: JsonPropertyName("account_status")] string? AccountStatus = null,
    [property: JsonPropertyName("push_back")] string? PushBack = null);

public sealed record CompleteBatchRequest([property: JsonPropertyName("items")] IReadOnlyList<CompleteItem> Items);

/// <summary>A finished (or requeued) item: run_after is set when it was queued again.</summary>
public sealed record CompletionAnswer(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("query_finished")] DateTimeOffset? QueryFinished,
    [property: JsonPropertyName("run_after")] DateTimeOffset? RunAfter);

/// <summary>One answer of a batch completion, as written: either <see cref="CompletionAccepted"/> or <see cref="CompletionRefused"/>.</summary>
[JsonDerivedType(typeof(CompletionAccepted))]
[JsonDerivedType(typeof(CompletionRefused))]
public abstract record BatchCompletionAnswer([property: JsonPropertyName("id"), JsonPropertyOrder(-2)] long Id, [property: JsonPropertyName("ok"), JsonPropertyOrder(-1)] bool Ok);

public sealed record CompletionAccepted(
    long Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("query_finished")] DateTimeOffset? QueryFinished,
    [property: JsonPropertyName("run_after")] DateTimeOffset? RunAfter) : BatchCompletionAnswer(Id, true);

/// <summary>error: <see cref="NotFound"/> or <see cref="Conflict"/> (the lease is not the caller's).</summary>
public sealed record CompletionRefused(long Id, [property: JsonPropertyName("error")] string Error) : BatchCompletionAnswer(Id, false)
{
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
}

public sealed record CompleteBatchAnswer([property: JsonPropertyName("items")] IReadOnlyList<BatchCompletionAnswer> Items);

/// <summary>A batch completion's answer as a worker reads it: every field of either shape.</summary>
public sealed record BatchCompletionResult(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("run_after")] DateTimeOffset? RunAfter,
    [property: JsonPropertyName("error")] string? Error);

public sealed record CompleteBatchResult([property: JsonPropertyName("items")] IReadOnlyList<BatchCompletionResult> Items);
