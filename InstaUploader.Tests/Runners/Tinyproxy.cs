using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace InstaUploader.Tests.Runners;

/// <summary>
/// A real tinyproxy (Debian package) in the foreground with its own config in a temp dir: listens on a free
/// loopback port, allows 127.0.0.1, CONNECT only to <c>connectPorts</c>, optional Basic auth. With <c>viaName</c> it
/// adds <c>Via: 1.1 &lt;viaName&gt; (tinyproxy/…)</c> to what it forwards, so the far end can tell which proxy carried a request.
/// </summary>
public sealed class Tinyproxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private Tinyproxy(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string LogText => File.Exists(Path.Combine(_dir, "tinyproxy.log")) ? File.ReadAllText(Path.Combine(_dir, "tinyproxy.log")) : "";

    public static string Binary =>
        new[] { "/usr/bin/tinyproxy", "/usr/sbin/tinyproxy" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("tinyproxy is not installed; run scripts/prerequisites.sh.");

    public static async Task<Tinyproxy> StartAsync(
        IEnumerable<int> connectPorts, (string User, string Password)? basicAuth = null, string? viaName = null)
    {
        var dir = Directory.CreateTempSubdirectory("tinyproxy-").FullName;
        var port = FreePort();
        var config = new StringBuilder()
            .AppendLine($"Port {port}")
            .AppendLine("Listen 127.0.0.1")
            .AppendLine("Timeout 15")
            .AppendLine("Allow 127.0.0.1")
            .AppendLine("MaxClients 50")
            .AppendLine("LogLevel Info")
            .AppendLine($"LogFile \"{Path.Combine(dir, "tinyproxy.log")}\"")
            .AppendLine(viaName is null ? "DisableViaHeader Yes" : $"ViaProxyName \"{viaName}\"");
        foreach (var p in connectPorts)
        {
            config.AppendLine($"ConnectPort {p}");
        }

        if (basicAuth is { } auth)
        {
            config.AppendLine($"BasicAuth {auth.User} {auth.Password}");
        }

        var file = Path.Combine(dir, "tinyproxy.conf");
        await File.WriteAllTextAsync(file, config.ToString());
        var start = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-d", "-c", file })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var proxy = new Tinyproxy(process, dir, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await AcceptsAsync(port))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var err = process.HasExited ? await process.StandardError.ReadToEndAsync() : "";
                await proxy.DisposeAsync();
                throw new InvalidOperationException($"tinyproxy did not start on port {port}: {err}");
            }

            await Task.Delay(50);
        }

        return proxy;
    }

    /// <summary>A loopback port nothing listens on (bound, read, released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
