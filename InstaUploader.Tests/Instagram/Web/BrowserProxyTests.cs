using InstaUploader.Instagram;
using InstaUploader.Instagram.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>An account's proxy (with credentials) carries its whole web session when Chromium is launched directly.</summary>
public sealed class BrowserProxyTests(WebSandboxFixture sandbox) : IClassFixture<WebSandboxFixture>
{
    [Fact]
    public async Task Direct_launch_logs_in_through_the_accounts_authenticating_proxy()
    {
        var username = WebSandboxFixture.Unique("proxied");
        await sandbox.RegisterAccountAsync(username, "hunter22");
        await using var proxy = new RecordingProxy(sandbox.BaseUrl, "proxyuser", "proxy-secret").Start();

        // A host name only the proxy can reach: proves every request went through it (loopback would bypass it).
        var web = new InstagramWebAutomation(
            Options.Create(new InstagramOptions { WebBaseUrl = new Uri("http://instagram.proxied.test/"), MinActionDelayMs = 0, MaxActionDelayMs = 0 }),
            Options.Create(new BrowserOptions()),
            new HumanPacer(Options.Create(new InstagramOptions { MinActionDelayMs = 0, MaxActionDelayMs = 0 }), TimeProvider.System),
            TimeProvider.System,
            NullLogger<InstagramWebAutomation>.Instance);

        var identity = new BrowserIdentity(username, Proxy: BrowserProxy.Parse($"http://proxyuser:proxy-secret@{proxy.Server[7..]}"));
        await using var session = await sandbox.Browsers.OpenAsync(identity);
        Assert.Equal(WebLoginOutcome.LoggedIn, await web.LoginAsync(session.Page, new WebCredentials(username, "hunter22")));

        Assert.True(proxy.Rejected > 0, "the proxy should have challenged the browser for credentials first");
        Assert.Contains(proxy.AuthorizedRequests, r => r.StartsWith("GET http://instagram.proxied.test/", StringComparison.Ordinal));
        Assert.Contains(await session.GetCookiesAsync(), c => c.Name == "sessionid" && c.Domain.Contains("instagram.proxied.test", StringComparison.Ordinal));
    }

    [Fact]
    public void Proxy_urls_parse_with_and_without_credentials_and_never_print_the_password()
    {
        var full = BrowserProxy.Parse("socks5://user%40x:p%3Ass@10.0.0.1:1080");
        Assert.Equal(new BrowserProxy("socks5://10.0.0.1:1080", "user@x", "p:ss"), full);
        Assert.DoesNotContain("p:ss", full.ToString(), StringComparison.Ordinal);

        Assert.Equal(new BrowserProxy("http://10.0.0.2:3128"), BrowserProxy.Parse("10.0.0.2:3128"));
    }
}
