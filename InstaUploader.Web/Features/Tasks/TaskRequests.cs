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
