using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// Dolphin Anty's remote API, where browser profiles are created and deleted (section "Dolphin", shared with the
/// Worker's local-API settings), and the fingerprint every new profile gets.
/// </summary>
public sealed class DolphinRemoteOptions
{
    public const string Section = "Dolphin";

    /// <summary>The remote API origin; profiles live there, not in the local app (OpenAPI 1.0.7 servers, "API v1").</summary>
    [Required]
    public Uri RemoteApiUrl { get; set; } = new("https://dolphin-anty-api.com/");

    /// <summary>The panel's API token (a JWT), sent as a bearer. A secret: never logged. Empty: the bulk action is off.</summary>
    public string? ApiToken { get; set; }

    /// <summary>The OS the profiles pretend to run; it must match <see cref="UserAgent"/>.</summary>
    [Required, AllowedValues("windows", "linux", "macos")]
    public string Platform { get; set; } = "windows";

    /// <summary>Required by the API since OpenAPI 1.0.7; "10.0.0" is the original system's Windows default (dolphin_anty.py:415).</summary>
    [Required]
    public string PlatformVersion { get; set; } = "10.0.0";

    /// <summary>The user agent every profile gets (useragent mode manual); a current stable Chrome on <see cref="Platform"/>.</summary>
    [Required]
    public string UserAgent { get; set; } = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

    /// <summary>The browser locale (locale mode manual): instagram.com then answers in English, which our automation reads.</summary>
    [Required]
    public string Locale { get; set; } = "en-US";
}
