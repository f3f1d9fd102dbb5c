using InstaUploader.Instagram.Web;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

public sealed class CookieRobotTests(WebSandboxFixture sandbox) : IClassFixture<WebSandboxFixture>
{
    [Fact]
    public async Task Visits_sites_collects_their_cookies_and_skips_unreachable_ones()
    {
        var news = WebSandboxFixture.Unique("news");
        var shop = WebSandboxFixture.Unique("shop");
        Uri[] urls =
        [
            new(sandbox.BaseUrl, $"sandbox/sites/{news}/today"),
            new($"http://127.0.0.1:{ClosedPort()}/unreachable"),
            new(sandbox.BaseUrl, $"sandbox/sites/{shop}/"),
        ];

        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity("robot"));
        var result = await sandbox.CookieRobot.VisitAsync(session.Page, urls);

        Assert.Equal([urls[0], urls[2]], result.Visited);
        Assert.Equal([urls[1]], result.Failed);
        Assert.Contains(result.Cookies, c => c.Name == $"visited_{news.Replace("_", "", StringComparison.Ordinal)}");
        Assert.Contains(result.Cookies, c => c.Name == $"visited_{shop.Replace("_", "", StringComparison.Ordinal)}");
        var visits = await sandbox.ActionsAsync("cookie_visit");
        Assert.Contains(visits, a => a.GetProperty("detail").GetString() == news);
        Assert.Contains(visits, a => a.GetProperty("detail").GetString() == shop);

        // The collected cookies restore into a fresh context.
        await using var restored = await sandbox.Browsers.OpenAsync(new BrowserIdentity("robot", Cookies: result.Cookies));
        Assert.Equal(result.Cookies.Count, (await restored.GetCookiesAsync()).Count);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
