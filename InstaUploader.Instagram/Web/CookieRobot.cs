using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace InstaUploader.Instagram.Web;

/// <summary>
/// Warms a fresh browser profile by browsing ordinary sites, so it carries a believable cookie history before
/// it logs in to Instagram. One unreachable site does not stop the round.
/// </summary>
public sealed class CookieRobot(HumanPacer pacer, ILogger<CookieRobot> logger)
{
    public async Task<CookieRobotResult> VisitAsync(IPage page, IEnumerable<Uri> urls, CancellationToken ct = default)
    {
        var visited = new List<Uri>();
        var failed = new List<Uri>();
        foreach (var url in urls)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                await GotoAsync(page, url.ToString());
                await pacer.PauseAsync(ct);
                await page.Mouse.WheelAsync(0, Random.Shared.Next(300, 1500));
                await pacer.PauseAsync(ct);
                visited.Add(url);
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                logger.LogWarning("Cookie robot could not open {Host}: {Error}", url.Host, e.Message);
                failed.Add(url);
                await ResetAsync(page);
            }
        }

        var cookies = (await page.Context.CookiesAsync()).Select(WebCookie.From).ToList();
        logger.LogInformation("Cookie robot visited {Visited} sites ({Failed} failed), {Cookies} cookies", visited.Count, failed.Count, cookies.Count);
        return new CookieRobotResult(visited, failed, cookies);
    }

    /// <summary>
    /// A failed navigation commits Chromium's error page a moment later, which can interrupt the next navigation:
    /// such an interrupted navigation is simply tried again.
    /// </summary>
    private static async Task GotoAsync(IPage page, string url)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
                return;
            }
            catch (PlaywrightException e) when (attempt < 3 && e.Message.Contains("interrupted by another navigation", StringComparison.Ordinal))
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task ResetAsync(IPage page)
    {
        try
        {
            await GotoAsync(page, "about:blank");
        }
        catch (PlaywrightException)
        {
            // The next GotoAsync retries anyway.
        }
    }
}

public sealed record CookieRobotResult(IReadOnlyList<Uri> Visited, IReadOnlyList<Uri> Failed, IReadOnlyList<WebCookie> Cookies);
