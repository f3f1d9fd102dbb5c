using System.Text.Json.Serialization;
using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// The body of the remote API's <c>POST /browser_profiles</c>: the required fields (name, platform, browserType,
/// platformVersion; useragent, webrtc, canvas, webgl with their modes) and the locale. Sources: Dolphin{anty}
/// Public API OpenAPI 1.0.7 schema browser_profile_create (a copy in ssuvorin/instagram-mass-uploader-windows
/// docs/dolphinanty-public-api.json); the original system's payload, bot/src/instagram_uploader/dolphin_anty.py:676-743
/// (webrtc altered, canvas real, webgl real, locale manual); docs' advice "use altered WebRTC, real canvas and WebGL
/// for better compatibility" (moarbetsy/DOCS DOLPHIN_ANTY_DOCUMENTATION.md, Best Practices).
/// </summary>
public sealed record DolphinProfileCreate(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("platformVersion")] string PlatformVersion,
    [property: JsonPropertyName("browserType")] string BrowserType,
    [property: JsonPropertyName("useragent")] DolphinMode UserAgent,
    [property: JsonPropertyName("webrtc")] DolphinMode WebRtc,
    [property: JsonPropertyName("canvas")] DolphinMode Canvas,
    [property: JsonPropertyName("webgl")] DolphinMode WebGl,
    [property: JsonPropertyName("locale")] DolphinMode Locale,
    [property: JsonPropertyName("proxy"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DolphinProfileProxy? Proxy)
{
    public static DolphinProfileCreate For(string name, Proxy? proxy, DolphinRemoteOptions options) => new(
        name,
        options.Platform,
        options.PlatformVersion,
        "anty",
        new DolphinMode("manual", options.UserAgent),
        new DolphinMode("altered"),
        new DolphinMode("real"),
        new DolphinMode("real"),
        new DolphinMode("manual", options.Locale),
        proxy is null ? null : new DolphinProfileProxy(proxy.Scheme, proxy.Host, proxy.Port, proxy.Username, proxy.Password));
}

/// <summary>Dolphin's <c>{"mode": …, "value": …}</c> blocks (useragent, webrtc, canvas, webgl, locale).</summary>
public sealed record DolphinMode(
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value = null);

/// <summary>A new proxy attached to the profile as it is created (OpenAPI 1.0.7 proxy_create_or_existing).</summary>
public sealed record DolphinProfileProxy(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("host")] string Host,
    [property: JsonPropertyName("port")] int Port,
    [property: JsonPropertyName("login"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Login,
    [property: JsonPropertyName("password"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Password);
