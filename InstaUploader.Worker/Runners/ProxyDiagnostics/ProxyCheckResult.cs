using System.Text.Json.Serialization;

namespace InstaUploader.Worker.Runners.ProxyDiagnostics;

/// <summary>
/// One proxy check. <see cref="LatencyMs"/> is the TCP connect time to the proxy; <see cref="HttpStatus"/> the
/// status of the plain HTTP probe; <see cref="ConnectOk"/> whether the CONNECT tunnel probe worked (null when it was
/// not attempted); <see cref="Error"/> the first reason it failed.
/// </summary>
public sealed record ProxyCheckResult(
    [property: JsonPropertyName("proxy_id")] int ProxyId,
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("latency_ms")] int? LatencyMs,
    [property: JsonPropertyName("exit_ip")] string? ExitIp,
    [property: JsonPropertyName("http_status")] int? HttpStatus,
    [property: JsonPropertyName("connect_ok")] bool? ConnectOk,
    [property: JsonPropertyName("error")] string? Error);
