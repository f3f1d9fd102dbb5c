using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>Creates a task of any kind. Which fields matter depends on the kind (see TaskValidator).</summary>
public sealed record CreateTaskRequest
{
    [JsonPropertyName("kind")] public string? Kind { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("account_ids")] public List<int>? AccountIds { get; init; }
    [JsonPropertyName("proxy_ids")] public List<int>? ProxyIds { get; init; }
    [JsonPropertyName("media_ids")] public List<int>? MediaIds { get; init; }
    [JsonPropertyName("videos")] public List<TaskVideoRequest>? Videos { get; init; }
    [JsonPropertyName("options")] public JsonElement? Options { get; init; }
    [JsonPropertyName("start")] public bool Start { get; init; }
    [JsonPropertyName("max_attempts")] public int? MaxAttempts { get; init; }
    [JsonPropertyName("priority")] public int? Priority { get; init; }
}

public sealed record TaskVideoRequest(
    [property: JsonPropertyName("media_id")] int MediaId,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("location")] string? Location,
    [property: JsonPropertyName("mentions")] string? Mentions);

/// <summary>
/// Items by status. <see cref="FailedCannotSucceed"/> of the failed ones failed permanently (ItemRetry); the rest,
/// <see cref="FailedRetryable"/>, are what "Retry failed" queues again.
/// </summary>
public sealed record TaskProgress(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("pending")] int Pending,
    [property: JsonPropertyName("queued")] int Queued,
    [property: JsonPropertyName("in_progress")] int InProgress,
    [property: JsonPropertyName("done")] int Done,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("cancelled")] int Cancelled,
    [property: JsonPropertyName("success")] int Success,
    [property: JsonPropertyName("failed_count")] int FailedCount,
    [property: JsonPropertyName("likes")] int Likes,
    [property: JsonPropertyName("follows")] int Follows,
    [property: JsonPropertyName("viewed")] int Viewed,
    [property: JsonPropertyName("failed_cannot_succeed")] int FailedCannotSucceed = 0)
{
    [JsonPropertyName("failed_retryable")]
    public int FailedRetryable => Failed - FailedCannotSucceed;
}
