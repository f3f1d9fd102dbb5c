namespace InstaUploader.Instagram.Web;

/// <summary>
/// Which browser an account uses: its Dolphin Anty profile when it has one, otherwise a fresh Chromium context
/// with the account's proxy and saved cookies.
/// </summary>
public sealed record BrowserIdentity(
    string Username,
    string? DolphinProfileId = null,
    BrowserProxy? Proxy = null,
    IReadOnlyList<WebCookie>? Cookies = null,
    string? UserAgent = null);

/// <summary>An HTTP/SOCKS proxy; <see cref="ToString"/> never shows the credentials.</summary>
public sealed record BrowserProxy(string Server, string? Username = null, string? Password = null)
{
    /// <summary>Parses "http://user:pass@host:port", "socks5://host:port" or "host:port" (http assumed).</summary>
    public static BrowserProxy Parse(string url)
    {
        var uri = new Uri(url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url);
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            user = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
        }

        return new BrowserProxy($"{uri.Scheme}://{uri.Host}:{uri.Port}", user, password);
    }

    public override string ToString() => Username is null ? Server : $"{Server} (user {Username})";
}
