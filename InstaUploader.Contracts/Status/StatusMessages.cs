using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Status;

/// <summary>A task's status and log: log is added as it is, log_append as a timestamped line.</summary>
public sealed record TaskStatusRequest(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("log"), MaxLength(ProtocolLimits.MaxTaskLog)] string? Log,
    [property: JsonPropertyName("log_append"), MaxLength(ProtocolLimits.MaxText)] string? LogAppend);

/// <summary>A work item's status (the original worker's "account task") and a log line.</summary>
public sealed record ItemStatusRequest(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("log_append"), MaxLength(ProtocolLimits.MaxText)] string? LogAppend);

public sealed record StatusAnswer(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("status")] string Status);

/// <summary>The answer to a write whose Idempotency-Key was already applied: nothing was written again.</summary>
public sealed record DuplicateAnswer(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("duplicate")] bool Duplicate)
{
    public static readonly DuplicateAnswer Instance = new(true, true);
}

/// <summary>The counter names an item may add to (bulk upload items: success and failed only).</summary>
public static class CounterNames
{
    public const string Success = "success";
    public const string Failed = "failed";
    public const string Likes = "likes";
    public const string Follows = "follows";
    public const string Viewed = "viewed";

    public static readonly string[] Bulk = [Success, Failed];
    public static readonly string[] Generic = [Success, Failed, Likes, Follows, Viewed];
}

/// <summary>An item's counters after an addition. The request is a flat object of counter name → non-negative delta.</summary>
public sealed record CountersAnswer(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("success")] int Success,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("likes")] int Likes,
    [property: JsonPropertyName("follows")] int Follows,
    [property: JsonPropertyName("viewed")] int Viewed);
