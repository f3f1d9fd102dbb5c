using InstaUploader.Worker.Runners.Common;
using WebCookieRobot = InstaUploader.Instagram.Web.CookieRobot;

namespace InstaUploader.Worker.Runners.CookieRobot;

/// <summary>
/// cookie_robot: browses options.urls in the account's own browser (Dolphin profile or Chromium with its proxy)
/// so it collects an ordinary cookie history, then saves the cookies on the account.
/// </summary>
public sealed class CookieRobotRunner(BrowserAccountLogin browsers, WebCookieRobot robot, RunGuard guard) : IWorkRunner
{
    public IReadOnlyCollection<string> Kinds { get; } = [TaskKinds.CookieRobot];

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        var account = WorkAccount.From(work);
        var urls = PayloadJson.Strings(PayloadJson.Object(work.Payload, "options"), "urls")
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null)
            .OfType<Uri>()
            .ToList();
        if (urls.Count == 0)
        {
            await context.LogAsync("No valid http(s) URL to visit in options.urls", ct);
            return WorkOutcome.Fail("No valid http(s) URL to visit in options.urls.");
        }

        return await guard.RunAsync(work, context, account, async () =>
        {
            await using var browser = await browsers.OpenAsync(account, context, ct);
            var result = await robot.VisitAsync(browser.Page, urls, ct);
            await context.SaveAccountStateAsync(null, SavedCookies.ToJson(result.Cookies), result.Cookies.Count, ct);
            await context.LogAsync($"Visited {result.Visited.Count} of {urls.Count} site(s)"
                                   + (result.Failed.Count > 0 ? $" (unreachable: {string.Join(", ", result.Failed.Select(u => u.Host))})" : "")
                                   + $"; {result.Cookies.Count} cookie(s) saved on {account}", ct);
            return result.Visited.Count == 0
                ? WorkOutcome.Fail($"None of the {urls.Count} site(s) could be opened.", retryable: true)
                : WorkOutcome.Ok(new { visited = result.Visited.Count, failed = result.Failed.Count, cookies = result.Cookies.Count });
        });
    }
}
