using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Registry;

/// <summary>
/// A worker announces itself: its id, the address the Web nudges it at and the token it accepts there. FreshStart:
/// this process has claimed nothing yet, so whatever is still leased under its id belongs to a dead predecessor.
/// </summary>
public sealed record RegisterRequest(
    [property: Required, MaxLength(200), JsonPropertyName("worker_id")] string WorkerId,
    [property: Required, Url, MaxLength(2048), JsonPropertyName("base_url")] string BaseUrl,
    [property: MinLength(16), MaxLength(200), JsonPropertyName("nudge_token")] string? NudgeToken,
    [property: JsonPropertyName("version"), MaxLength(200)] string? Version,
    [property: JsonPropertyName("capacity"), Range(0, 10_000)] int Capacity,
    [property: JsonPropertyName("fresh_start")] bool? FreshStart = null)
{
    public override string ToString() => $"RegisterRequest {{ WorkerId = {WorkerId}, BaseUrl = {BaseUrl} }}";
}

public sealed record RegisterAnswer(
    [property: JsonPropertyName("worker_id")] string WorkerId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("heartbeat_interval_seconds")] int HeartbeatIntervalSeconds);

public sealed record HeartbeatRequest(
    [property: Required, MaxLength(200), JsonPropertyName("worker_id")] string WorkerId,
    [property: JsonPropertyName("active_jobs"), Range(0, 100_000)] int ActiveJobs,
    [property: JsonPropertyName("metrics")] JsonElement? Metrics);

public sealed record HeartbeatAnswer(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("restart_requested")] bool RestartRequested);

/// <summary>One metrics sample of a worker, for the Web's history.</summary>
public sealed record MetricsReport(
    [property: JsonPropertyName("worker_id"), MaxLength(200)] string? WorkerId,
    [property: JsonPropertyName("metrics")] JsonElement? Metrics);

public sealed record ErrorReport(
    [property: JsonPropertyName("worker_id"), MaxLength(200)] string? WorkerId,
    [property: JsonPropertyName("message"), MaxLength(ProtocolLimits.MaxText)] string? Message,
    [property: JsonPropertyName("kind")] string? Kind,
    [property: JsonPropertyName("details"), MaxLength(ProtocolLimits.MaxText)] string? Details,
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
