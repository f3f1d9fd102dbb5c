namespace InstaUploader.Worker.Runners.ProxyDiagnostics;

/// <summary>
/// Where proxy checks send their probes (section <c>ProxyDiagnostics</c>). <see cref="ProbeUrl"/> is fetched as a
/// plain proxied HTTP request; <see cref="ProbeHttpsUrl"/> through a CONNECT tunnel (TLS inside it when the URL is
/// https). Both should answer with the caller's IP as JSON (<c>ip</c>, <c>query</c> or <c>origin</c>) or plain text.
/// </summary>
public sealed class ProxyDiagnosticsOptions
{
    public const string Section = "ProxyDiagnostics";

    /// <summary>The Sandbox's "what is my IP" route, used when the Sandbox stands in for the internet.</summary>
    public const string SandboxIpPath = "/sandbox/api/ip";

    public Uri ProbeUrl { get; set; } = new("http://ip-api.com/json");

    /// <summary>Null or empty skips the tunnel check.</summary>
    public Uri? ProbeHttpsUrl { get; set; } = new("https://api.ipify.org?format=json");

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Limit for each probe request through the proxy (including the CONNECT handshake).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// When nothing is configured but the worker references the Sandbox (development, tests), probe the Sandbox:
    /// there is no internet there, and the Sandbox's IP echo shows what the proxy forwarded.
    /// </summary>
    public static void ApplySandboxDefaults(IConfiguration config, ProxyDiagnosticsOptions o)
    {
        if (!string.IsNullOrWhiteSpace(config[$"{Section}:{nameof(ProbeUrl)}"])
            || config["services:sandbox:http:0"] is not { Length: > 0 } sandbox
            || !Uri.TryCreate(sandbox, UriKind.Absolute, out var baseUri))
        {
            return;
        }

        o.ProbeUrl = new Uri(baseUri, SandboxIpPath);
        if (string.IsNullOrWhiteSpace(config[$"{Section}:{nameof(ProbeHttpsUrl)}"]))
        {
            o.ProbeHttpsUrl = o.ProbeUrl;
        }
    }

    public static bool IsHttpUrl(Uri? uri) => uri is { IsAbsoluteUri: true } && uri.Scheme is "http" or "https";
}
