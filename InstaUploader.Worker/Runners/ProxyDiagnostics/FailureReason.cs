using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;

namespace InstaUploader.Worker.Runners.ProxyDiagnostics;

/// <summary>Turns what went wrong during a check into a short reason an operator can act on.</summary>
public static class FailureReason
{
    public static string Describe(Exception ex, bool hadCredentials) => ex switch
    {
        ProxyTunnelException t => ForStatus(t.Status, t.Reason, hadCredentials, "the tunnel target"),
        SocketException s => ForSocket(s.SocketErrorCode),
        AuthenticationException a => $"TLS failure: {a.Message}",
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } h => $"TLS failure: {Innermost(h).Message}",
        HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError, StatusCode: { } code } =>
            ForStatus((int)code, code.ToString(), hadCredentials, "the tunnel target"),
        HttpRequestException { HttpRequestError: HttpRequestError.ProxyTunnelError } h => $"the proxy refused the tunnel: {h.Message}",
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "host not found (DNS)",
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => "the proxy closed the connection without a response",
        HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } h => $"invalid response through the proxy: {h.Message}",
        HttpRequestException { InnerException: { } inner } => Describe(inner, hadCredentials),
        IOException { InnerException: SocketException s } => ForSocket(s.SocketErrorCode),
        IOException { InnerException: AuthenticationException a } => $"TLS failure: {a.Message}",
        IOException io => $"connection failed: {io.Message}",
        InvalidDataException d => $"invalid answer: {d.Message}",
        _ => ex.Message,
    };

    /// <summary>A proxy's (or the probe's, through the proxy) HTTP status that means the check failed.</summary>
    public static string ForStatus(int status, string? reason, bool hadCredentials, string target) => status switch
    {
        407 when hadCredentials => "proxy authentication failed (407): the credentials were rejected",
        407 => "proxy authentication required (407)",
        // tinyproxy (and some others) answer wrong proxy credentials with 401 rather than 407.
        401 when hadCredentials => "proxy authentication failed (401): the credentials were rejected",
        403 => $"the proxy refused access to {target} (403 forbidden)",
        502 => $"bad gateway (502): the proxy could not reach {target}",
        503 => $"service unavailable (503): the proxy could not reach {target}",
        504 => $"gateway timeout (504): the proxy timed out reaching {target}",
        _ => $"{target} through the proxy answered HTTP {status}{(string.IsNullOrEmpty(reason) ? "" : " " + reason)}",
    };

    public static string ForSocket(SocketError code) => code switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.TimedOut => "connect timeout",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found (DNS)",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown => "host unreachable",
        SocketError.ConnectionReset => "connection reset by the proxy",
        SocketError.ConnectionAborted => "connection aborted",
        _ => $"socket error ({code})",
    };

    public static string Timeout(string step, TimeSpan after) => $"{step} timeout after {after.TotalSeconds:0.#}s";

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;

    public static bool IsSuccess(HttpStatusCode code) => (int)code is >= 200 and < 300;
}
