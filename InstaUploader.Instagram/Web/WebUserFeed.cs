using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace InstaUploader.Instagram.Web;

/// <summary>A post as instagram.com's user feed lists it.</summary>
public sealed record WebPost(string Pk, string? Code, DateTimeOffset TakenAt, string? Caption, string? ProductType);

/// <summary>
/// Reads a user's latest posts the way instagram.com's profile grid does:
/// <c>GET /api/v1/feed/user/{username}/username/?count=12</c> with the web app's headers. The request is a fetch
/// made by the page itself, not by Playwright's request API: so it carries the browser's cookies and also leaves
/// through the browser's proxy and fingerprint (a Dolphin Anty profile's proxy is unknown to Playwright, whose own
/// requests would go out from the worker's address).
/// </summary>
public sealed class WebUserFeed(IOptions<InstagramOptions> options)
{
    /// <summary>instagram.com's own app id, which its scripts send with every API call.</summary>
    public const string WebAppId = "936619743392459";

    private const string FetchScript = """
        async ({ path, appId }) => {
          const csrf = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/);
          try {
            const r = await fetch(path, { credentials: 'include', headers: {
              'X-IG-App-ID': appId, 'X-CSRFToken': csrf ? decodeURIComponent(csrf[1]) : '', 'X-Requested-With': 'XMLHttpRequest' } });
            return { status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.text() };
          } catch (e) {
            return { status: 0, retryAfter: null, body: String(e) };
          }
        }
        """;

    private Uri BaseUrl => options.Value.WebBaseUrl;

    /// <summary>
    /// Up to <paramref name="count"/> of @<paramref name="username"/>'s posts, newest first. Opens the home page first
    /// when the page is elsewhere (the fetch must be same-origin). Throws <see cref="LoginRequiredException"/>,
    /// <see cref="RateLimitedException"/> or <see cref="InstagramException"/> when Instagram does not answer with the list.
    /// </summary>
    public async Task<IReadOnlyList<WebPost>> RecentPostsAsync(IPage page, string username, int count = 12, CancellationToken ct = default)
    {
        var name = username.Trim().TrimStart('@');
        if (!IsOnSite(page.Url))
        {
            await WebActionCall.GotoAsync(page, BaseUrl, "");
        }

        ct.ThrowIfCancellationRequested();
        var path = $"/api/v1/feed/user/{Uri.EscapeDataString(name)}/username/?count={count.ToString(CultureInfo.InvariantCulture)}";
        var answer = await page.EvaluateAsync<JsonElement>(FetchScript, new { path, appId = WebAppId });
        var status = answer.GetProperty("status").GetInt32();
        var body = answer.GetProperty("body").GetString() ?? "";
        var what = $"reading the posts of @{name}";
        return status switch
        {
            200 => Parse(body, what),
            0 => throw new InstagramException($"No answer {what}: {body}"),
            401 => throw new LoginRequiredException($"The web session ended during {what}."),
            429 => throw new RateLimitedException($"Instagram rate-limited {what}", RetryAfter(answer)),
            _ => throw new InstagramException($"{what} failed (HTTP {status}): {Message(body)}"),
        };
    }

    private bool IsOnSite(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var current)
        && Uri.Compare(current, BaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    private static List<WebPost> Parse(string body, string what)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw new InstagramException($"{what} failed: {Message(body)}");
            }

            return [.. items.EnumerateArray().Select(Post)];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new InstagramException($"{what} gave an unreadable answer: {e.Message}", e);
        }
    }

    private static WebPost Post(JsonElement item) => new(
        item.GetProperty("pk").ToString(),
        item.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : null,
        DateTimeOffset.FromUnixTimeSeconds(item.GetProperty("taken_at").GetInt64()),
        item.TryGetProperty("caption", out var caption) && caption.ValueKind == JsonValueKind.Object
            && caption.TryGetProperty("text", out var text) ? text.GetString() : null,
        item.TryGetProperty("product_type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null);

    private static string Message(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("message", out var m) && m.GetString() is { Length: > 0 } text ? text : body;
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    private static TimeSpan? RetryAfter(JsonElement answer) =>
        answer.TryGetProperty("retryAfter", out var v) && int.TryParse(v.GetString(), out var s) ? TimeSpan.FromSeconds(s) : null;
}
