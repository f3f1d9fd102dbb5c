using System.Net;
using System.Net.Sockets;
using InstaUploader.Instagram.Web;

namespace InstaUploader.Instagram.Mobile;

/// <summary>Tells a failure of the account's proxy apart from one of Instagram, in words an operator can act on.</summary>
internal static class MobileProxyFailure
{
    /// <summary>The proxy failure behind <paramref name="error"/>, or null when the proxy was not the problem.</summary>
    public static ProxyFailedException? From(BrowserProxy proxy, HttpRequestException error)
    {
        var why = error switch
        {
            { HttpRequestError: HttpRequestError.ProxyTunnelError, StatusCode: HttpStatusCode.ProxyAuthenticationRequired } =>
                "it rejected the credentials (407)",
            { HttpRequestError: HttpRequestError.ProxyTunnelError, StatusCode: { } code } => $"it refused the tunnel ({(int)code})",
            { HttpRequestError: HttpRequestError.ProxyTunnelError } => "it refused the tunnel",
            { HttpRequestError: HttpRequestError.NameResolutionError } => "its host name does not resolve",
            { HttpRequestError: HttpRequestError.ConnectionError } => "cannot connect to it: " + Socket(error),
            _ => null,
        };
        return why is null ? null : new ProxyFailedException($"Proxy {proxy} failed: {why}", error);
    }

    /// <summary>
    /// The proxy (not Instagram, which always answers JSON) refused the request: 407, or the 401 page tinyproxy
    /// answers to a wrong password on a plain-HTTP request.
    /// </summary>
    public static bool IsRejection(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.ProxyAuthenticationRequired
        || (response.StatusCode == HttpStatusCode.Unauthorized && response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true);

    public static ProxyFailedException Rejected(BrowserProxy proxy, HttpStatusCode status) =>
        new($"Proxy {proxy} failed: it rejected the credentials ({(int)status})");

    private static string Socket(Exception error)
    {
        for (var e = error.InnerException; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused";
                case SocketException { SocketErrorCode: SocketError.TimedOut } or TimeoutException:
                    return "connect timeout";
                case SocketException s:
                    return s.SocketErrorCode.ToString();
            }
        }

        return error.Message;
    }
}
