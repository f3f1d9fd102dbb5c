using System.Text.Json;

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

    public static ProxyEndpoint? FromPayload(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("proxy", out var p) || p.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new ProxyEndpoint(
            p.GetProperty("id").GetInt32(),
            (Str(p, "scheme") ?? "http").ToLowerInvariant(),
            Str(p, "host") ?? "",
            p.TryGetProperty("port", out var port) && port.ValueKind == JsonValueKind.Number ? port.GetInt32() : 0,
            Str(p, "username"),
            Str(p, "password"));
    }

    private static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
