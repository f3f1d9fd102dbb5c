using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Registry;

/// <summary>A worker announces itself: its id, the address the Web nudges it at and the token it accepts there.</summary>
public sealed record RegisterRequest(
    [property: JsonPropertyName("worker_id")] string WorkerId,
    [property: JsonPropertyName("base_url")] string BaseUrl,
    [property: JsonPropertyName("nudge_token")] string? NudgeToken,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("capacity")] int Capacity);

public sealed record RegisterAnswer(
    [property: JsonPropertyName("worker_id")] string WorkerId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("heartbeat_interval_seconds")] int HeartbeatIntervalSeconds);

public sealed record HeartbeatRequest(
    [property: JsonPropertyName("worker_id")] string WorkerId,
    [property: JsonPropertyName("active_jobs")] int ActiveJobs,
    [property: JsonPropertyName("metrics")] JsonElement? Metrics);

public sealed record HeartbeatAnswer(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("restart_requested")] bool RestartRequested);

/// <summary>One metrics sample of a worker, for the Web's history.</summary>
public sealed record MetricsReport(
    [property: JsonPropertyName("worker_id")] string? WorkerId,
    [property: JsonPropertyName("metrics")] JsonElement? Metrics);

public sealed record ErrorReport(
    [property: JsonPropertyName("worker_id")] string? WorkerId,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("details")] string? Details,
    [property: JsonPropertyName("item_id")] long? ItemId);

public sealed record ErrorAnswer([property: JsonPropertyName("id")] long Id);

public sealed record OkAnswer([property: JsonPropertyName("ok")] bool Ok)
{
    public static readonly OkAnswer Instance = new(true);
}

/// <summary>What a worker reports about its load (heartbeats and metrics samples; the Web stores it as it comes).</summary>
public sealed record WorkerMetrics(
    [property: JsonPropertyName("active")] int Active,
    [property: JsonPropertyName("completed")] long Completed,
    [property: JsonPropertyName("failed")] long Failed);
