using InstaUploader.Contracts.Queue;

namespace InstaUploader.Worker.Runners.ProxyDiagnostics;

/// <summary>A proxy to check, as a claimed item's <c>payload.proxy</c> carries it. Prints without its password.</summary>
public sealed record ProxyEndpoint(int Id, string Scheme, string Host, int Port, string? Username, string? Password)
{
    public static readonly string[] Schemes = ["http", "https", "socks5"];

    public bool HasCredentials => !string.IsNullOrEmpty(Username);

    /// <summary>scheme://host:port, safe to log.</summary>
    public string Display => $"{Scheme}://{Host}:{Port}";

    public Uri Address => new($"{Scheme}://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}");

    public override string ToString() => Display;

    public static ProxyEndpoint? FromPayload(WorkPayload? payload) => payload?.Proxy is not { } p
        ? null
        : new ProxyEndpoint(p.Id, (p.Scheme ?? "http").ToLowerInvariant(), p.Host ?? "", p.Port, p.Username, p.Password);
}
