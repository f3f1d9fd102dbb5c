using Aspire.Hosting.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Tests.Runners;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>
/// The instagrapi method through the topology with per-account proxies: an account whose proxy is a real tinyproxy
/// reaches the Sandbox through it (the Sandbox sees tinyproxy's <c>Via</c>); one whose proxy is dead fails at once
/// with a proxy error instead of being retried.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class MobileProxyEndToEndTests(TopologyFixture fx)
{
    private readonly E2EKit _kit = new(fx);

    [Fact]
    public async Task Mobile_login_goes_through_the_account_proxy_and_a_dead_proxy_fails_without_retries()
    {
        var via = "e2eproxy-" + Guid.NewGuid().ToString("N")[..8];
        await using var tinyproxy = await Tinyproxy.StartAsync([fx.App.GetEndpoint("sandbox").Port], viaName: via);
        var proxied = await AddAccountAsync(E2EAccount.Unique("e2e_mproxy"), $"http://127.0.0.1:{tinyproxy.Port}");
        var dead = await AddAccountAsync(E2EAccount.Unique("e2e_mdead"), $"http://127.0.0.1:{Tinyproxy.FreePort()}");

        var (task, _) = await _kit.RunTaskAsync("bulk_login", [proxied, dead], new { upload_method = "instagrapi" }, maxAttempts: 3);

        var ok = E2EKit.Item(task, proxied);
        Assert.True(ok.GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        var traffic = await TrafficAsync(proxied.Username);
        Assert.Equal(HttpStatusCode.OK, traffic.Status);
        Assert.True(traffic.Body.GetProperty("requests").GetInt32() >= 1, traffic.Body.ToString());
        Assert.Equal(traffic.Body.GetProperty("requests").GetInt32(), traffic.Body.GetProperty("proxiedRequests").GetInt32());
        Assert.Equal("POST /api/v1/accounts/login/", traffic.Body.GetProperty("lastRequest").GetString());
        Assert.Contains(via, traffic.Body.GetProperty("lastVia").GetString(), StringComparison.Ordinal);

        var failed = E2EKit.Item(task, dead);
        Assert.True(failed.GetProperty("status").GetString() == "failed", E2EKit.Describe(task));
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        var error = failed.GetProperty("last_error").GetString();
        Assert.Contains("Proxy http://127.0.0.1:", error, StringComparison.Ordinal);
        Assert.Contains("connection refused", error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await TrafficAsync(dead.Username)).Status);
    }

    /// <summary>
    /// Issue 24 item 5: a dead proxy with credentials written on the account itself failed its item with "Cannot
    /// access a disposed object (HttpMessageInvoker)" while the same proxy set up through the proxies API gave a proxy
    /// error. Both accounts, on the worker's default method and on instagrapi, must fail with the same proxy error.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData("instagrapi")]
    public async Task A_dead_proxy_with_credentials_fails_the_same_clear_way_inline_and_through_the_proxies_API(string? method)
    {
        var inline = await AddAccountAsync(E2EAccount.Unique("e2e_inline"), "http://user:pass@127.0.0.1:9");
        using var created = await _kit.Operator.PostAsJsonAsync("/api/v1/proxies",
            new { scheme = "http", host = "127.0.0.1", port = 9, username = "api-" + Guid.NewGuid().ToString("N")[..6], password = "pass" });
        await OperatorApi.EnsureAsync(created);
        var proxyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var managed = await AddAccountAsync(E2EAccount.Unique("e2e_managed"), proxy: null, proxyId);

        var (task, _) = await _kit.RunTaskAsync("bulk_login", [inline, managed], method is null ? null : new { upload_method = method }, maxAttempts: 3);

        foreach (var account in new[] { inline, managed })
        {
            var item = E2EKit.Item(task, account);
            Assert.True(item.GetProperty("status").GetString() == "failed", E2EKit.Describe(task));
            var error = item.GetProperty("last_error").GetString() ?? "";
            Assert.DoesNotContain("disposed", error, StringComparison.OrdinalIgnoreCase);
            Assert.True(error.Contains("proxy", StringComparison.OrdinalIgnoreCase) && error.Contains("127.0.0.1:9", StringComparison.Ordinal),
                E2EKit.Describe(task));
        }
    }

    private async Task<E2EAccount> AddAccountAsync(E2EAccount account, string? proxy, int? proxyId = null)
    {
        await _kit.Sandbox.RegisterAsync(account);
        using var response = await _kit.Operator.PostAsJsonAsync("/api/v1/accounts", new { username = account.Username, password = account.Password, proxy, proxy_id = proxyId });
        await OperatorApi.EnsureAsync(response);
        account.Id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        return account;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> TrafficAsync(string username)
    {
        using var http = fx.CreateClient("sandbox");
        using var response = await http.GetAsync($"/sandbox/api/accounts/{username}/mobile-traffic");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
