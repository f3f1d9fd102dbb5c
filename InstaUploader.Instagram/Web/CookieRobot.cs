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
            if (await VisitInNewTabAsync(page.Context, url, ct))
            {
                visited.Add(url);
            }
            else
            {
                failed.Add(url);
            }
        }

        var cookies = (await page.Context.CookiesAsync()).Select(WebCookie.From).ToList();
        logger.LogInformation("Cookie robot visited {Visited} sites ({Failed} failed), {Cookies} cookies", visited.Count, failed.Count, cookies.Count);
        return new CookieRobotResult(visited, failed, cookies);
    }

    /// <summary>
    /// Each site gets its own tab, closed afterwards: a failed navigation commits Chromium's error page a moment
    /// later, and in a shared tab that late commit could abort the next site's navigation.
    /// </summary>
    private async Task<bool> VisitInNewTabAsync(IBrowserContext context, Uri url, CancellationToken ct)
    {
        var tab = await context.NewPageAsync();
        try
        {
            await tab.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            await pacer.PauseAsync(ct);
            await tab.Mouse.WheelAsync(0, Random.Shared.Next(300, 1500));
            await pacer.PauseAsync(ct);
            return true;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            logger.LogWarning("Cookie robot could not open {Host}: {Error}", url.Host, e.Message);
            return false;
        }
        finally
        {
            await tab.CloseAsync();
        }
    }
}

public sealed record CookieRobotResult(IReadOnlyList<Uri> Visited, IReadOnlyList<Uri> Failed, IReadOnlyList<WebCookie> Cookies);
