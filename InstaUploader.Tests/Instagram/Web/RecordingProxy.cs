using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>
/// A minimal authenticating HTTP proxy for tests: answers 407 until the client sends the expected Basic
/// credentials, then pipes the connection to <paramref name="upstream"/> (Kestrel accepts absolute-form targets).
/// </summary>
internal sealed class RecordingProxy(Uri upstream, string username, string password) : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string _expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
    private Task? _accepting;

    public ConcurrentQueue<string> AuthorizedRequests { get; } = new();
    public int Rejected;

    public string Server => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public RecordingProxy Start()
    {
        _listener.Start();
        _accepting = AcceptLoopAsync();
        return this;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(client));
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var head = await ReadHeadAsync(stream);
        if (head is null)
        {
            return;
        }

        var lines = head.Split("\r\n");
        var auth = lines.FirstOrDefault(l => l.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase))?
            .Split(':', 2)[1].Trim();
        if (auth != _expected)
        {
            Interlocked.Increment(ref Rejected);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"proxy\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            return;
        }

        AuthorizedRequests.Enqueue(lines[0]);
        using var server = new TcpClient();
        await server.ConnectAsync(upstream.Host, upstream.Port);
        var upstreamStream = server.GetStream();
        await upstreamStream.WriteAsync(Encoding.Latin1.GetBytes(head));
        try
        {
            await Task.WhenAny(stream.CopyToAsync(upstreamStream, _stop.Token), upstreamStream.CopyToAsync(stream, _stop.Token));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
        }
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one) == 1)
        {
            buffer.Add(one[0]);
            if (buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n')
            {
                return Encoding.Latin1.GetString([.. buffer]);
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_accepting is not null)
        {
            await _accepting;
        }

        _stop.Dispose();
    }
}
