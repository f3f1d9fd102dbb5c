using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Control;

/// <summary>The Web starts a bulk upload on a worker; the worker then claims the task's items (mode "pull").</summary>
public sealed record BulkStartRequest(
    [property: JsonPropertyName("mode")] string? Mode,
    [property: JsonPropertyName("task_id")] int? TaskId,
    [property: JsonPropertyName("options")] StartOptions? Options)
{
    public const string PullMode = "pull";
}

public sealed record StartOptions(
    [property: JsonPropertyName("concurrency")] int? Concurrency,
    [property: JsonPropertyName("headless")] bool? Headless,
    [property: JsonPropertyName("visible")] bool? Visible,
    [property: JsonPropertyName("batch_index")] int? BatchIndex,
    [property: JsonPropertyName("batch_count")] int? BatchCount,
    [property: JsonPropertyName("upload_method")] string? UploadMethod);

public sealed record StartAnswer(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("accepted")] bool Accepted);

/// <summary>A nudge: claim now. query_id is a hint only; claim_next picks the item.</summary>
public sealed record ProcessQueryRequest(
    [property: JsonPropertyName("query_id")] int? QueryId,
    [property: JsonPropertyName("webbuddy_url")] string? WebbuddyUrl);

public sealed record ProcessQueryAnswer([property: JsonPropertyName("status")] string Status)
{
    public static readonly ProcessQueryAnswer Accepted = new("accepted");
}

/// <summary>A job (one start request's run on a worker): the original JobStatus fields and ours beside them.</summary>
public sealed record JobStatus(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("task_id")] int? TaskId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("successful_accounts")] int SuccessfulAccounts,
    [property: JsonPropertyName("failed_accounts")] int FailedAccounts,
    [property: JsonPropertyName("total_uploaded")] int TotalUploaded,
    [property: JsonPropertyName("total_failed_uploads")] int TotalFailedUploads,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("running")] int Running,
    [property: JsonPropertyName("done")] int Done,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("accepted_at")] DateTimeOffset AcceptedAt,
    [property: JsonPropertyName("last_activity_at")] DateTimeOffset? LastActivityAt,
    [property: JsonPropertyName("options")] StartOptions? Options);

public sealed record HealthAnswer([property: JsonPropertyName("ok")] bool Ok);
