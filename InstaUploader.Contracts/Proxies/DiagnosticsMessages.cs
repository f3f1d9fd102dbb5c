using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Proxies;

/// <summary>A worker's check of a proxy (proxy_diag items).</summary>
public sealed record DiagnosticsReport(
    [property: JsonPropertyName("ok")] bool? Ok,
    [property: JsonPropertyName("latency_ms")] int? LatencyMs,
    [property: JsonPropertyName("exit_ip")] string? ExitIp,
    [property: JsonPropertyName("http_status")] int? HttpStatus,
    [property: JsonPropertyName("connect_ok")] bool? ConnectOk,
    [property: JsonPropertyName("error"), MaxLength(ProtocolLimits.MaxText)] string? Error);

public sealed record DiagnosticsAnswer(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("last_checked_at")] DateTimeOffset? LastCheckedAt,
    [property: JsonPropertyName("last_latency_ms")] int? LastLatencyMs,
    [property: JsonPropertyName("exit_ip")] string? ExitIp,
    [property: JsonPropertyName("last_error")] string? LastError);
