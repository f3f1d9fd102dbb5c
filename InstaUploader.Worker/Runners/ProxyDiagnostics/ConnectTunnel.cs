using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace InstaUploader.Worker.Runners.ProxyDiagnostics;

/// <summary>
/// A raw HTTP CONNECT through a proxy. Done by hand rather than by HttpClient so a refused tunnel surfaces with the
/// proxy's own status (407, 403, 502...) instead of a generic tunnel error.
/// </summary>
public static class ConnectTunnel
{
    private const int MaxResponseHead = 16 * 1024;

    /// <summary>The tunnel's stream once the proxy answered 200; throws <see cref="ProxyTunnelException"/> otherwise.</summary>
    public static async Task<Stream> OpenAsync(ProxyEndpoint proxy, string host, int port, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(proxy.Host, proxy.Port, ct);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (proxy.Scheme == "https")
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = proxy.Host }, ct);
            }

            var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
            var request = new StringBuilder().Append("CONNECT ").Append(authority).Append(" HTTP/1.1\r\nHost: ").Append(authority).Append("\r\n");
            if (proxy.HasCredentials)
            {
                var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{proxy.Username}:{proxy.Password}"));
                request.Append("Proxy-Authorization: Basic ").Append(basic).Append("\r\n");
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()), ct);
            await stream.FlushAsync(ct);
            var (status, reason) = await ReadStatusAsync(stream, ct);
            if (status != 200)
            {
                throw new ProxyTunnelException(status, reason);
            }

            return stream;
        }
        catch
        {
            if (stream is null)
            {
                socket.Dispose();
            }
            else
            {
                await stream.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Reads the response head byte by byte so nothing of the tunnel behind it is consumed.</summary>
    private static async Task<(int Status, string Reason)> ReadStatusAsync(Stream stream, CancellationToken ct)
    {
        var head = new List<byte>(256);
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                throw new IOException(head.Count == 0 ? "The proxy closed the connection without answering CONNECT." : "The proxy closed the connection mid-answer.");
            }

            head.Add(one[0]);
            if (head.Count > MaxResponseHead)
            {
                throw new InvalidDataException("The proxy's answer to CONNECT is too long.");
            }
        }

        var statusLine = Encoding.ASCII.GetString([.. head]).Split("\r\n", 2)[0];
        var parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(parts[1], out var status))
        {
            throw new InvalidDataException($"The proxy did not answer CONNECT with HTTP: '{Printable(statusLine)}'.");
        }

        return (status, parts.Length > 2 ? Printable(parts[2]) : "");
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';

    private static string Printable(string s) => new([.. s.Take(100).Where(c => !char.IsControl(c))]);
}

/// <summary>The proxy answered CONNECT with something other than 200.</summary>
public sealed class ProxyTunnelException(int status, string reason)
    : Exception($"The proxy answered CONNECT with {status} {reason}".TrimEnd())
{
    public int Status { get; } = status;
    public string Reason { get; } = reason;
}
