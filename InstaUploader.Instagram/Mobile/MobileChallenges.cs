using System.Text.Json.Nodes;

namespace InstaUploader.Instagram.Mobile;

/// <summary>Reads what kind of checkpoint Instagram answered, as instagrapi exceptions.py:139-170 and mixins/challenge.py:152-167 do.</summary>
internal static class MobileChallenges
{
    private const string BloksRedirectAction = "com.bloks.www.ig.challenge.redirect.async";

    /// <summary>
    /// A suspended or disabled account: Instagram points the app at /accounts/suspended/ (or /disabled/), as a
    /// challenge_required (instagrapi mixins/private.py:524-528 raises AccountSuspended) or a checkpoint_url. No code solves it.
    /// </summary>
    public static bool IsSuspension(JsonObject? json)
    {
        var url = json?["challenge"]?["url"]?.ToString() ?? json?["checkpoint_url"]?.ToString() ?? "";
        return url.Contains("/suspended/", StringComparison.Ordinal) || url.Contains("/disabled/", StringComparison.Ordinal);
    }

    /// <summary>Why the checkpoint in <paramref name="json"/> cannot be passed with an e-mailed code, or null when it can.</summary>
    public static string? ManualKind(JsonObject? json)
    {
        var challenge = json?["challenge"] as JsonObject;
        var apiPath = (challenge?["api_path"] ?? json?["api_path"])?.ToString() ?? "";
        if (apiPath.TrimStart('/').StartsWith("auth_platform/", StringComparison.Ordinal))
        {
            return "auth_platform";
        }

        if (json?["bloks_action"]?.ToString() == BloksRedirectAction || json?["step_name"]?.ToString() == "STEP_NAME")
        {
            return "bloks_redirect";
        }

        return challenge?["native_flow"] is JsonValue native && native.TryGetValue<bool>(out var isNative) && isNative
            ? "native_flow"
            : null;
    }

    /// <summary>The Bloks two-factor context at any depth outside two_factor_info (instagrapi mixins/auth.py:486-504).</summary>
    public static bool IsBloksTwoFactor(JsonObject? json) =>
        json is not null && json["two_factor_info"] is null && Find(json, "two_step_verification_context") is { Length: > 0 };

    private static string? Find(JsonNode? node, string key) => node switch
    {
        JsonObject o when o[key] is JsonValue v && v.TryGetValue<string>(out var s) && s.Trim().Length > 0 => s,
        JsonObject o => o.Select(p => Find(p.Value, key)).FirstOrDefault(s => s is not null),
        JsonArray a => a.Select(n => Find(n, key)).FirstOrDefault(s => s is not null),
        _ => null,
    };
}
