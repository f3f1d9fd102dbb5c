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
                await page.GotoAsync(url.ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
                await pacer.PauseAsync(ct);
                await page.Mouse.WheelAsync(0, Random.Shared.Next(300, 1500));
                await pacer.PauseAsync(ct);
                visited.Add(url);
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                logger.LogWarning("Cookie robot could not open {Host}: {Error}", url.Host, e.Message);
                failed.Add(url);
            }
        }

        var cookies = (await page.Context.CookiesAsync()).Select(WebCookie.From).ToList();
        logger.LogInformation("Cookie robot visited {Visited} sites ({Failed} failed), {Cookies} cookies", visited.Count, failed.Count, cookies.Count);
        return new CookieRobotResult(visited, failed, cookies);
    }
}

public sealed record CookieRobotResult(IReadOnlyList<Uri> Visited, IReadOnlyList<Uri> Failed, IReadOnlyList<WebCookie> Cookies);
