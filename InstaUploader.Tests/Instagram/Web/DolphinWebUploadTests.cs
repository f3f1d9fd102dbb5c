using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Instagram.Web;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>The Dolphin Anty path: local API starts Chromium, Playwright attaches over CDP, logs in and shares a reel.</summary>
public sealed class DolphinWebUploadTests(WebSandboxFixture sandbox) : IClassFixture<WebSandboxFixture>
{
    [Fact]
    public async Task Dolphin_profile_logs_in_and_shares_one_reel_with_caption_and_location()
    {
        var username = WebSandboxFixture.Unique("dolphin");
        await sandbox.RegisterAccountAsync(username, "hunter22");
        await sandbox.AddDolphinProfileAsync("7001");

        ReelUploadResult result;
        IReadOnlyList<WebCookie> cookies;
        await using (var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username, DolphinProfileId: "7001")))
        {
            Assert.NotNull(session.Dolphin);
            Assert.Equal(WebLoginOutcome.LoggedIn, await sandbox.Web.LoginAsync(session.Page, new WebCredentials(username, "hunter22")));
            result = await sandbox.Web.UploadReelAsync(session.Page, sandbox.VideoPath, "Sunset over the river #travel", "Berlin");
            cookies = await session.GetCookiesAsync();
        }

        var post = Assert.Single(await sandbox.PostsAsync(username));
        Assert.Equal("Sunset over the river #travel", post.GetProperty("caption").GetString());
        Assert.Equal("Berlin", post.GetProperty("locationName").GetString());
        Assert.Equal("web", post.GetProperty("via").GetString());
        Assert.Equal(await sandbox.VideoSha256Async(), post.GetProperty("mediaSha256").GetString());
        Assert.Equal(post.GetProperty("code").GetString(), result.Code);
        Assert.True(result.LocationApplied);
        Assert.Contains(cookies, c => c.Name == "sessionid");
        Assert.Contains(cookies, c => c.Name == "ds_user_id");
    }

    [Fact]
    public async Task Starting_a_running_profile_returns_the_same_endpoint_and_stop_kills_the_browser()
    {
        await sandbox.AddDolphinProfileAsync("7002");
        var first = await sandbox.Dolphin.StartProfileAsync("7002");
        var again = await sandbox.Dolphin.StartProfileAsync("7002");
        Assert.Equal(first.WebSocketUrl, again.WebSocketUrl);
        Assert.StartsWith("/devtools/browser/", first.WsEndpoint, StringComparison.Ordinal);

        using var devTools = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var version = await devTools.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{first.Port}/json/version");
        Assert.EndsWith(first.WsEndpoint, version.GetProperty("webSocketDebuggerUrl").GetString(), StringComparison.Ordinal);

        await sandbox.Dolphin.StopProfileAsync("7002");

        await Assert.ThrowsAsync<HttpRequestException>(() => devTools.GetStringAsync($"http://127.0.0.1:{first.Port}/json/version"));
    }
}
