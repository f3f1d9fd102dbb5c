using System.Globalization;
using System.Security.Cryptography;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Web;

/// <summary>The cookies instagram.com uses: <c>csrftoken</c> before login, <c>sessionid</c> and <c>ds_user_id</c> after.</summary>
public static class WebSession
{
    /// <summary>instagram.com's own app id, which its scripts send as X-IG-App-ID with every API call.</summary>
    public const string WebAppId = "936619743392459";

    public const string SessionCookie = "sessionid";
    public const string CsrfCookie = "csrftoken";
    public const string UserIdCookie = "ds_user_id";

    public static SandboxAccount? CurrentUser(HttpContext http, SandboxStore store) =>
        http.Request.Cookies.TryGetValue(SessionCookie, out var id)
        && id is not null
        && store.WebSessions.TryGetValue(id, out var username)
            ? store.Find(username)
            : null;

    /// <summary>Sets <c>csrftoken</c> (and the device cookies the real site drops) if the browser has none yet.</summary>
    public static string EnsureCsrf(HttpContext http)
    {
        if (http.Request.Cookies.TryGetValue(CsrfCookie, out var existing) && !string.IsNullOrEmpty(existing))
        {
            return existing;
        }

        var token = Token(32);
        Append(http, CsrfCookie, token, httpOnly: false, TimeSpan.FromDays(365));
        Append(http, "mid", Token(28), httpOnly: false, TimeSpan.FromDays(400));
        Append(http, "ig_did", Guid.NewGuid().ToString().ToUpperInvariant(), httpOnly: true, TimeSpan.FromDays(400));
        return token;
    }

    /// <summary>The double-submit check the real site does: header <c>X-CSRFToken</c> must equal the cookie.</summary>
    public static bool CsrfValid(HttpContext http) =>
        http.Request.Cookies.TryGetValue(CsrfCookie, out var cookie)
        && !string.IsNullOrEmpty(cookie)
        && string.Equals(http.Request.Headers["X-CSRFToken"].ToString(), cookie, StringComparison.Ordinal);

    public static void SignIn(HttpContext http, SandboxStore store, SandboxAccount account, TimeProvider time)
    {
        // Real session ids look like "<pk>%3A<random>%3A<n>".
        var sessionId = $"{account.Pk}%3A{Token(14)}%3A{Random.Shared.Next(1, 28)}";
        store.WebSessions[sessionId] = account.Username;
        Append(http, SessionCookie, sessionId, httpOnly: true, TimeSpan.FromDays(365));
        Append(http, UserIdCookie, account.Pk.ToString(CultureInfo.InvariantCulture), httpOnly: false, TimeSpan.FromDays(90));
        Append(http, CsrfCookie, Token(32), httpOnly: false, TimeSpan.FromDays(365)); // rotated on login, as on the real site
        store.Actions.Enqueue(new SandboxAction("login", account.Username, null, "web", time.GetUtcNow()));
    }

    public static string Token(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }

    private static void Append(HttpContext http, string name, string value, bool httpOnly, TimeSpan maxAge) =>
        http.Response.Cookies.Append(name, value, new CookieOptions
        {
            Path = "/",
            HttpOnly = httpOnly,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            MaxAge = maxAge,
        });
}
