namespace InstaUploader.Sandbox.Dolphin;

/// <summary>
/// A Dolphin Anty browser profile as the remote API stores it (only the fields the stand-in checks or shows).
/// Ids are numbers in the real API; the store keeps their text.
/// </summary>
public sealed class DolphinProfile
{
    public required string Id { get; init; }
    public required string Name { get; set; }
    public string Platform { get; set; } = "windows";
    public string? UserAgent { get; set; }

    /// <summary>The <c>locale.value</c> when its mode is manual (e.g. <c>en-US</c>); null means "auto" (from the proxy's IP).</summary>
    public string? Locale { get; set; }

    public DolphinProxy? Proxy { get; set; }
}

/// <summary>Profile proxy, shaped like Dolphin's <c>proxy</c> object (type http/socks5, host, port, login, password).</summary>
public sealed record DolphinProxy(string Type, string Host, int Port, string? Login, string? Password)
{
    /// <summary>The value for Chromium's <c>--proxy-server</c>; credentials cannot go there (Dolphin answers auth itself).</summary>
    public string ToProxyServerArgument() => $"{(string.IsNullOrEmpty(Type) ? "http" : Type)}://{Host}:{Port}";
}
