using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Instagram;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Instagram.Web;
using InstaUploader.Tests.Runners;
using Microsoft.Extensions.Options;
using Xunit;

namespace InstaUploader.Tests.Instagram.Mobile;

/// <summary>
/// Each account's mobile traffic goes through its own proxy (a real tinyproxy that stamps <c>Via</c>), over one shared
/// client; the Sandbox tells from the <c>Via</c> header whether a request came through a proxy.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class MobileProxyTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Login_and_upload_of_an_account_with_a_proxy_reach_Instagram_through_it_while_others_go_direct()
    {
        var via = "mproxy-" + Guid.NewGuid().ToString("N")[..8];
        await using var tinyproxy = await Tinyproxy.StartAsync([], viaName: via);
        var client = MobileTestKit.Client(sandbox);
        var proxied = SandboxFixture.UniqueName("viaproxy");
        var direct = SandboxFixture.UniqueName("direct");
        await sandbox.RegisterAccountAsync(proxied, "pw");
        await sandbox.RegisterAccountAsync(direct, "pw");

        var proxiedSession = MobileSession.Create();
        proxiedSession.Proxy = new BrowserProxy($"http://127.0.0.1:{tinyproxy.Port}");
        proxiedSession = await client.LoginAsync(new MobileCredentials(proxied, "pw"), proxiedSession);
        var directSession = await client.LoginAsync(new MobileCredentials(direct, "pw"));
        var media = await client.UploadClipAsync(proxiedSession, new ClipUpload(MobileTestKit.Video(60_000), "through the proxy"));
        await client.GetCurrentUserAsync(directSession);

        Assert.Equal(media.Code, Assert.Single(await sandbox.PostsAsync(proxied)).Code);
        var proxiedTraffic = await TrafficAsync(proxied);
        Assert.True(proxiedTraffic.GetProperty("requests").GetInt32() >= 4, proxiedTraffic.ToString());
        Assert.Equal(proxiedTraffic.GetProperty("requests").GetInt32(), proxiedTraffic.GetProperty("proxiedRequests").GetInt32());
        Assert.Contains(via, proxiedTraffic.GetProperty("lastVia").GetString(), StringComparison.Ordinal);
        var directTraffic = await TrafficAsync(direct);
        Assert.Equal(0, directTraffic.GetProperty("proxiedRequests").GetInt32());
        Assert.Equal(JsonValueKind.Null, directTraffic.GetProperty("lastVia").ValueKind);
        Assert.Contains("accounts/login", tinyproxy.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proxy_with_Basic_auth_is_used_with_the_account_credentials_and_a_wrong_password_is_a_proxy_error()
    {
        var via = "mauth-" + Guid.NewGuid().ToString("N")[..8];
        await using var tinyproxy = await Tinyproxy.StartAsync([], basicAuth: ("proxy-user", "proxy-pass-1"), viaName: via);
        var client = MobileTestKit.Client(sandbox);
        var good = SandboxFixture.UniqueName("pauth");
        var bad = SandboxFixture.UniqueName("pauthbad");
        await sandbox.RegisterAccountAsync(good, "pw");
        await sandbox.RegisterAccountAsync(bad, "pw");

        var session = MobileSession.Create();
        session.Proxy = new BrowserProxy($"http://127.0.0.1:{tinyproxy.Port}", "proxy-user", "proxy-pass-1");
        await client.LoginAsync(new MobileCredentials(good, "pw"), session);
        var wrong = MobileSession.Create();
        wrong.Proxy = new BrowserProxy($"http://127.0.0.1:{tinyproxy.Port}", "proxy-user", "nope");
        var error = await Assert.ThrowsAsync<ProxyFailedException>(() => client.LoginAsync(new MobileCredentials(bad, "pw"), wrong));

        Assert.True(session.IsAuthenticated);
        Assert.Contains(via, (await TrafficAsync(good)).GetProperty("lastVia").GetString(), StringComparison.Ordinal);
        Assert.Contains("rejected the credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_proxy_fails_at_once_with_a_proxy_error_and_nothing_reaches_Instagram()
    {
        var username = SandboxFixture.UniqueName("deadproxy");
        await sandbox.RegisterAccountAsync(username, "pw");
        var session = MobileSession.Create();
        session.Proxy = new BrowserProxy($"http://127.0.0.1:{Tinyproxy.FreePort()}");

        var error = await Assert.ThrowsAsync<ProxyFailedException>(() =>
            MobileTestKit.Client(sandbox).LoginAsync(new MobileCredentials(username, "pw"), session));

        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        Assert.Contains(session.Proxy.Server, error.Message, StringComparison.Ordinal);
        Assert.False(sandbox.Store.Mobile.Traffic.ContainsKey(username));
        Assert.Empty(await sandbox.ActionsAsync(username, "login"));
    }

    [Fact]
    public async Task A_client_without_the_routing_handler_refuses_a_session_with_a_proxy_instead_of_going_direct()
    {
        var username = SandboxFixture.UniqueName("noroute");
        await sandbox.RegisterAccountAsync(username, "pw");
        var client = new InstagramMobileClient(
            new HttpClient(new SocketsHttpHandler { UseCookies = false }),
            Options.Create(new InstagramOptions { ApiBaseUrl = sandbox.BaseUrl }), TimeProvider.System);
        var session = MobileSession.Create();
        session.Proxy = new BrowserProxy($"http://127.0.0.1:{Tinyproxy.FreePort()}");

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.LoginAsync(new MobileCredentials(username, "pw"), session));
        Assert.Empty(await sandbox.ActionsAsync(username, "login"));
    }

    [Fact]
    public void The_proxy_is_not_saved_with_the_session()
    {
        var session = MobileSession.Create();
        session.Proxy = new BrowserProxy("http://10.0.0.1:3128", "user", "proxy-secret");

        var json = session.ToJson();

        Assert.DoesNotContain("proxy-secret", json, StringComparison.Ordinal);
        Assert.Null(MobileSession.FromJson(json).Proxy);
    }

    [Fact]
    public async Task Traffic_of_an_account_never_seen_is_a_404_problem()
    {
        using var response = await sandbox.Http.GetAsync($"sandbox/api/accounts/{SandboxFixture.UniqueName("unseen")}/mobile-traffic");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonElement> TrafficAsync(string username) =>
        await sandbox.Http.GetFromJsonAsync<JsonElement>($"sandbox/api/accounts/{username}/mobile-traffic");
}
