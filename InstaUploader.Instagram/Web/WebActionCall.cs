using System.Text.Json;
using InstaUploader.Instagram.Web.Selectors;
using Microsoft.Playwright;

namespace InstaUploader.Instagram.Web;

/// <summary>
/// One UI action that the page turns into an XHR (like, follow, story seen, profile edit): performs it, waits for
/// that request's answer and turns a refusal into the shared exceptions. A refused action also opens the page's
/// error dialog, which is dismissed with OK, as a person would, before the exception surfaces.
/// </summary>
internal static class WebActionCall
{
    private const float DialogWaitMs = 5_000;
    private static readonly WebSelectors Texts = WebSelectors.English;

    public static Task<IResponse> RunAsync(IPage page, string what, string pathPart, Func<Task> action) =>
        RunAsync(page, what, action, r => r.Request.Method == "POST" && r.Url.Contains(pathPart, StringComparison.Ordinal));

    /// <summary>
    /// An action the page sends as a persisted GraphQL mutation: POST /graphql/query whose form names it in
    /// <c>fb_api_req_friendly_name</c> (and the <c>X-FB-Friendly-Name</c> header); other GraphQL traffic is ignored.
    /// </summary>
    public static Task<IResponse> RunGraphQlAsync(IPage page, string what, string friendlyName, Func<Task> action) =>
        RunAsync(page, what, action, r => r.Request.Method == "POST"
            && new Uri(r.Url).AbsolutePath.TrimEnd('/').EndsWith(Texts.GraphQl.Path, StringComparison.Ordinal)
            && IsMutation(r.Request, friendlyName));

    internal static bool IsMutation(IRequest request, string friendlyName) =>
        (request.Headers.TryGetValue("x-fb-friendly-name", out var header) && header == friendlyName)
        || (request.PostData is { } body && FormValue(body, "fb_api_req_friendly_name") == friendlyName);

    internal static string? FormValue(string form, string name) =>
        form.Split('&').Select(pair => pair.Split('=', 2))
            .Where(kv => kv.Length == 2 && Uri.UnescapeDataString(kv[0]) == name)
            .Select(kv => Uri.UnescapeDataString(kv[1].Replace('+', ' ')))
            .FirstOrDefault();

    private static async Task<IResponse> RunAsync(IPage page, string what, Func<Task> action, Func<IResponse, bool> isCall)
    {
        var response = await page.RunAndWaitForResponseAsync(action, isCall);
        if (response.Ok)
        {
            return response;
        }

        var (message, feedback) = await ReadErrorAsync(response);
        await DismissErrorDialogAsync(page);
        throw response.Status switch
        {
            429 => new RateLimitedException($"Instagram rate-limited {what}: {message}", InstagramWebAutomation.RetryAfter(response)),
            401 => new LoginRequiredException($"The web session ended during {what}."),
            _ when feedback => new FeedbackRequiredException($"Instagram blocked {what} (feedback_required): {message}"),
            403 when message.Contains("logged_out", StringComparison.Ordinal) => new AccountDisabledException($"Instagram logged the account out during {what}: {message}"),
            _ => new InstagramException($"{what} failed (HTTP {response.Status}): {message}"),
        };
    }

    /// <summary>The page's own "login required" answer to opening a path: a redirect to the login form.</summary>
    public static async Task GotoAsync(IPage page, Uri baseUrl, string path)
    {
        await page.GotoAsync(new Uri(baseUrl, path).ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        if (InstagramWebAutomation.IsLoginUrl(page.Url))
        {
            throw new LoginRequiredException("The web session is not logged in.");
        }

        await InstagramWebAutomation.DismissLoginPromptsAsync(page);
    }

    private static async Task<(string Message, bool Feedback)> ReadErrorAsync(IResponse response)
    {
        try
        {
            if (await response.JsonAsync() is { ValueKind: JsonValueKind.Object } body)
            {
                var feedback = (body.TryGetProperty("feedback_required", out var f) && f.ValueKind == JsonValueKind.True)
                               || (body.TryGetProperty("message", out var m) && m.GetString() == "feedback_required");
                var text = body.TryGetProperty("feedback_message", out var fm) && fm.GetString() is { Length: > 0 } detail
                    ? detail
                    : body.TryGetProperty("message", out var mm) ? mm.GetString() ?? "" : "";
                return (text, feedback);
            }
        }
        catch (Exception e) when (e is PlaywrightException or JsonException)
        {
            // Not JSON (a proxy error page, a dropped connection): the status alone has to do.
        }

        return ($"HTTP {response.Status}", false);
    }

    private static async Task DismissErrorDialogAsync(IPage page)
    {
        var ok = page.GetByRole(AriaRole.Dialog).Filter(new() { Visible = true })
            .GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true });
        try
        {
            await ok.First.ClickAsync(new() { Timeout = DialogWaitMs });
        }
        catch (TimeoutException)
        {
            // Some layouts show a toast instead of a dialog; nothing to dismiss.
        }
    }
}
