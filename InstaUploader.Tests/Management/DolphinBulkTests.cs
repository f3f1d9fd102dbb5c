using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Management;

/// <summary>The dolphin_profiles bulk action against the Sandbox's Dolphin Anty remote API.</summary>
[Collection(TopologyCollection.Name)]
public sealed class DolphinBulkTests(TopologyFixture fx)
{
    [Fact]
    public async Task Profiles_are_created_for_accounts_without_one_and_replaced_on_refresh()
    {
        using var op = fx.OperatorClient();
        var tag = "dolphin-" + Guid.NewGuid().ToString("n")[..8];
        using var proxyResponse = await op.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = "127.0.0.1", port = 3128, username = OperatorApi.Unique("dolph"), password = "px" });
        await OperatorApi.EnsureAsync(proxyResponse);
        var proxy = (await proxyResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var withProxy = OperatorApi.Unique("dolph");
        foreach (var (user, proxyId) in new[] { (withProxy, (int?)proxy), (OperatorApi.Unique("dolph"), null) })
        {
            using var r = await op.PostAsJsonAsync("/api/v1/accounts", new { username = user, password = "pw-1", proxy_id = proxyId, tags = new[] { tag } });
            await OperatorApi.EnsureAsync(r);
        }

        var first = await BulkAsync(op, new { action = "dolphin_profiles", filter = new { tag } });
        Assert.All(first.GetProperty("records").EnumerateArray(), r => Assert.Equal("ok", r.GetProperty("outcome").GetString()));
        var ids = await ProfileIdsAsync(op, tag);
        Assert.Equal(2, ids.Values.Distinct().Count());

        // The Web made them on Dolphin's remote API (the Sandbox's /dolphin-anty-api), with the panel token.
        using var remote = fx.CreateClient("sandbox", fx.DolphinToken);
        var profiles = (await remote.GetFromJsonAsync<JsonElement>("/dolphin-anty-api/browser_profiles")).GetProperty("data").EnumerateArray().ToList();
        var profile = profiles.Single(p => p.GetProperty("id").ToString() == ids[withProxy]);
        Assert.Equal(withProxy, profile.GetProperty("name").GetString());
        Assert.Equal(3128, profile.GetProperty("proxy").GetProperty("port").GetInt32());
        Assert.Equal("en-US", profile.GetProperty("locale").GetProperty("value").GetString());
        Assert.Equal("windows", profile.GetProperty("platform").GetString());

        var again = await BulkAsync(op, new { action = "dolphin_profiles", filter = new { tag } });
        Assert.All(again.GetProperty("records").EnumerateArray(), r => Assert.Equal("unchanged", r.GetProperty("outcome").GetString()));
        Assert.Equal(ids, await ProfileIdsAsync(op, tag));

        await BulkAsync(op, new { action = "dolphin_profiles", filter = new { tag }, refresh = true });
        var refreshed = await ProfileIdsAsync(op, tag);
        Assert.All(refreshed, kv => Assert.NotEqual(ids[kv.Key], kv.Value));
        var left = (await remote.GetFromJsonAsync<JsonElement>("/dolphin-anty-api/browser_profiles")).GetProperty("data").EnumerateArray().Select(p => p.GetProperty("id").ToString()).ToList();
        Assert.DoesNotContain(ids[withProxy], left);
        Assert.Contains(refreshed[withProxy], left);
    }

    private static async Task<JsonElement> BulkAsync(HttpClient op, object body)
    {
        using var response = await op.PostAsJsonAsync("/api/v1/accounts/bulk", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<Dictionary<string, string>> ProfileIdsAsync(HttpClient op, string tag) =>
        (await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts?tag={tag}")).GetProperty("items").EnumerateArray()
            .ToDictionary(a => a.GetProperty("username").GetString()!, a => a.GetProperty("dolphin_profile_id").GetString()!);
}
