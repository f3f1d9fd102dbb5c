using System.Net;
using System.Net.Sockets;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>
/// A client of the same Web that connects from another loopback address (127.0.0.0/8 is all loopback on Linux), so a
/// test can be a distinct client for per-address rules (rate limits) without touching other tests' budget.
/// </summary>
internal static class SourceAddress
{
    public static HttpClient Client(HttpClient like, string source)
    {
        var client = new HttpClient(Handler(source)) { BaseAddress = like.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        foreach (var (name, values) in like.DefaultRequestHeaders)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(name, values);
        }

        return client;
    }

    /// <summary>A handler whose connections leave from <paramref name="source"/> (a 127.x.y.z address).</summary>
    public static SocketsHttpHandler Handler(string source) => new()
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
