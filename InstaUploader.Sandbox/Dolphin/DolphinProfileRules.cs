using System.Globalization;
using System.Text.Json;

namespace InstaUploader.Sandbox.Dolphin;

/// <summary>
/// What <c>POST /browser_profiles</c> insists on. Sources: Dolphin{anty} Public API OpenAPI 1.0.7
/// (components.schemas.browser_profile_create: required name, platform, browserType, platformVersion; the enums
/// below; "if you omit fingerprint fields the request will be rejected with a validation error"), copied in the
/// original system at ssuvorin/instagram-mass-uploader-windows docs/dolphinanty-public-api.json; and the Postman
/// docs' required list (useragent[mode]/[value], webrtc[mode], canvas[mode], webgl[mode]) as quoted in
/// moarbetsy/DOCS DOLPHIN_ANTY_DOCUMENTATION.md, "Create Browser Profile".
/// </summary>
public static class DolphinProfileRules
{
    private static readonly string[] Platforms = ["windows", "linux", "macos"];
    private static readonly string[] UserAgentModes = ["auto", "manual"];
    private static readonly string[] WebRtcModes = ["off", "real", "altered", "manual", "udpDisabled"];
    private static readonly string[] CanvasModes = ["off", "real", "noise", "manual"];
    private static readonly string[] WebGlModes = ["off", "real", "noise", "manual"];
    private static readonly string[] LocaleModes = ["auto", "manual"];
    private static readonly string[] ProxyTypes = ["http", "https", "socks4", "socks5", "ssh"];

    /// <summary>The problems with a create body, by field; empty when it is acceptable.</summary>
    public static Dictionary<string, string> CheckCreate(JsonElement body)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors["body"] = "a JSON object is required";
            return errors;
        }

        RequireText(body, "name", errors);
        RequireOneOf(body, "platform", Platforms, errors);
        RequireOneOf(body, "browserType", ["anty"], errors);
        RequireText(body, "platformVersion", errors);
        var uaMode = RequireMode(body, "useragent", UserAgentModes, errors);
        if (uaMode == "manual" && Text(body.GetProperty("useragent"), "value") is null)
        {
            errors["useragent.value"] = "is required when useragent.mode is manual";
        }

        RequireMode(body, "webrtc", WebRtcModes, errors);
        RequireMode(body, "canvas", CanvasModes, errors);
        RequireMode(body, "webgl", WebGlModes, errors);
        CheckOptional(body, errors);
        return errors;
    }

    /// <summary>The optional blocks create and update share: locale and proxy.</summary>
    public static void CheckOptional(JsonElement body, Dictionary<string, string> errors)
    {
        if (Present(body, "locale"))
        {
            var mode = RequireMode(body, "locale", LocaleModes, errors);
            if (mode == "manual" && Text(body.GetProperty("locale"), "value") is null)
            {
                errors["locale.value"] = "is required when locale.mode is manual";
            }
        }

        if (!Present(body, "proxy"))
        {
            return;
        }

        var proxy = body.GetProperty("proxy");
        if (proxy.ValueKind != JsonValueKind.Object)
        {
            errors["proxy"] = "must be an object";
        }
        else if (!proxy.TryGetProperty("id", out _))
        {
            if (Text(proxy, "host") is null)
            {
                errors["proxy.host"] = "is required (or proxy.id of an existing proxy)";
            }
            else if (!ProxyTypes.Contains(Text(proxy, "type")))
            {
                errors["proxy.type"] = $"must be one of {string.Join(", ", ProxyTypes)}";
            }
            else if (Port(proxy) is null)
            {
                errors["proxy.port"] = "must be a port number";
            }
        }
    }

    /// <summary>Applies the fields a create or update carries (after <see cref="CheckCreate"/> or <see cref="CheckOptional"/>).</summary>
    public static void Apply(JsonElement body, DolphinProfile profile)
    {
        if (Text(body, "name") is { } name)
        {
            profile.Name = name;
        }

        if (Text(body, "platform") is { } platform)
        {
            profile.Platform = platform;
        }

        if (body.TryGetProperty("useragent", out var ua) && ua.ValueKind == JsonValueKind.Object)
        {
            profile.UserAgent = Text(ua, "mode") == "manual" ? Text(ua, "value") : null;
        }

        if (body.TryGetProperty("locale", out var locale) && locale.ValueKind == JsonValueKind.Object)
        {
            profile.Locale = Text(locale, "mode") == "manual" ? Text(locale, "value") : null;
        }

        if (body.TryGetProperty("proxy", out var proxy))
        {
            profile.Proxy = proxy.ValueKind == JsonValueKind.Object && Text(proxy, "host") is { } host
                ? new DolphinProxy(Text(proxy, "type") ?? "http", host, Port(proxy) ?? 0, Text(proxy, "login"), Text(proxy, "password"))
                : null;
        }
    }

    private static bool Present(JsonElement body, string field) =>
        body.TryGetProperty(field, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    private static void RequireText(JsonElement body, string field, Dictionary<string, string> errors)
    {
        if (Text(body, field) is null)
        {
            errors[field] = "is required";
        }
    }

    private static void RequireOneOf(JsonElement body, string field, string[] allowed, Dictionary<string, string> errors)
    {
        if (!allowed.Contains(Text(body, field), StringComparer.Ordinal))
        {
            errors[field] = $"must be one of {string.Join(", ", allowed)}";
        }
    }

    private static string? RequireMode(JsonElement body, string block, string[] modes, Dictionary<string, string> errors)
    {
        if (!body.TryGetProperty(block, out var value) || value.ValueKind != JsonValueKind.Object)
        {
            errors[block] = "is required ({\"mode\": …})";
            return null;
        }

        var mode = Text(value, "mode");
        if (!modes.Contains(mode, StringComparer.Ordinal))
        {
            errors[$"{block}.mode"] = $"must be one of {string.Join(", ", modes)}";
            return null;
        }

        return mode;
    }

    private static string? Text(JsonElement obj, string field) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String
        && !string.IsNullOrWhiteSpace(v.GetString())
            ? v.GetString()
            : null;

    // The API takes the port as a number or as text ("port": "11111" in the Postman examples).
    private static int? Port(JsonElement proxy) =>
        proxy.TryGetProperty("port", out var p) switch
        {
            false => null,
            true when p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var n) && n is > 0 and < 65536 => n,
            true when p.ValueKind == JsonValueKind.String && int.TryParse(p.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 65536 => n,
            _ => null,
        };
}
