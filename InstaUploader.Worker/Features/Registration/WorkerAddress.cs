using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Features.Registration;

/// <summary>
/// What this replica announces to the Web's worker registry: the address the Web can nudge it at, and a secret
/// made at start that the Web presents on those nudges (so a worker that signs in with WORKER_USERNAME/PASSWORD
/// and holds no shared token can still tell the Web's calls from anyone else's).
/// </summary>
public sealed class WorkerAddress(IServer server, IOptions<WorkerOptions> options, ILogger<WorkerAddress> logger)
{
    public string NudgeToken { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>WORKER_PUBLIC_URL, else the first address Kestrel listens on, its wildcard host made concrete.</summary>
    public async Task<Uri> ResolveAsync(CancellationToken ct)
    {
        if (options.Value.PublicUrl is { } configured)
        {
            return configured;
        }

        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses
            .Select(a => Uri.TryCreate(a.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var u) ? u : null)
            .OfType<Uri>()
            .OrderBy(u => u.Scheme == Uri.UriSchemeHttp ? 0 : 1)
            .FirstOrDefault() ?? throw new InvalidOperationException("The worker listens on no address; set WORKER_PUBLIC_URL.");
        if (!IsWildcard(listening.Host))
        {
            return listening;
        }

        var ip = await OwnAddressTowardsAsync(options.Value.WebBaseUrl, ct);
        var announced = new UriBuilder(listening) { Host = ip.ToString() }.Uri;
        logger.LogInformation("Listening on {Listening}; announcing {Announced} (set WORKER_PUBLIC_URL to override)", listening, announced);
        return announced;
    }

    public static bool IsWildcard(string host) =>
        host is "0.0.0.0" or "[::]" or "::" or "+" or "*";

    /// <summary>The local IP the kernel would use to reach the Web (a UDP "connect" sends nothing), else the first up, non-loopback IPv4.</summary>
    public static async Task<IPAddress> OwnAddressTowardsAsync(Uri web, CancellationToken ct)
    {
        try
        {
            var targets = IPAddress.TryParse(web.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(web.Host, ct);
            foreach (var target in targets.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1))
            {
                using var probe = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                probe.Connect(target, web.Port);
                if (probe.LocalEndPoint is IPEndPoint { Address: var local } && !IPAddress.IsLoopback(local) && !IPAddress.IsLoopback(target))
                {
                    return local;
                }
            }
        }
        catch (SocketException)
        {
            // The Web's name does not resolve here (e.g. service discovery's "http://web"): fall back to our interfaces.
        }

        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
