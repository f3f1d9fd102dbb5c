using Microsoft.Playwright;

namespace InstaUploader.Instagram.Web;

/// <summary>A browser cookie in a plain serializable shape, for saving on the account and restoring later.</summary>
public sealed record WebCookie(
    string Name,
    string Value,
    string Domain,
    string Path = "/",
    double? Expires = null,
    bool HttpOnly = false,
    bool Secure = false,
    string? SameSite = null)
{
    /// <summary>Cookie values are secrets (sessionid): never print them.</summary>
    public override string ToString() => $"{Name} ({Domain}{Path})";

    public static WebCookie From(BrowserContextCookiesResult c) =>
        new(c.Name, c.Value, c.Domain, c.Path, c.Expires < 0 ? null : c.Expires, c.HttpOnly, c.Secure, c.SameSite.ToString());

    public Cookie ToPlaywright() => new()
    {
        Name = Name,
        Value = Value,
        Domain = Domain,
        Path = Path,
        Expires = Expires is { } e ? (float)e : null,
        HttpOnly = HttpOnly,
        Secure = Secure,
        SameSite = Enum.TryParse<SameSiteAttribute>(SameSite, ignoreCase: true, out var s) ? s : null,
    };
}
