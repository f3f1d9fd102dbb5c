using System.Net;
using System.Text;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using static InstaUploader.Tests.Management.ManagementHttp;

namespace InstaUploader.Tests.Management;

[Collection(TopologyCollection.Name)]
public sealed class ProxiesApiTests(TopologyFixture fx)
{
    [Fact]
    public async Task Create_get_update_and_delete_without_ever_returning_the_password()
    {
        using var api = fx.OperatorClient();
        var host = $"p-{Guid.NewGuid():N}.example.net";
        var password = $"ProxyPw-{Guid.NewGuid():N}";

        var created = await PostJsonAsync(api, "/api/v1/proxies", new { scheme = "SOCKS5", host = host.ToUpperInvariant(), port = 1080, username = "user1", password });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = created.Body.GetProperty("id").GetInt32();
        Assert.Equal("socks5", created.Body.Str("scheme"));
        Assert.Equal(host, created.Body.Str("host"));
        Assert.Equal($"socks5://{host}:1080", created.Body.Str("display"));
        Assert.True(created.Body.GetProperty("has_password").GetBoolean());
        Assert.Equal("unchecked", created.Body.Str("status"));

        var got = await GetAsync(api, $"/api/v1/proxies/{id}");
        var updated = await PutJsonAsync(api, $"/api/v1/proxies/{id}", new { scheme = "http", host, port = 8080, username = "user1" });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal($"http://{host}:8080", updated.Body.Str("display"));
        Assert.True(updated.Body.GetProperty("has_password").GetBoolean());
        var listed = await GetAsync(api, $"/api/v1/proxies?q={host}");
        Assert.Equal(1, listed.Body.GetProperty("total").GetInt32());
        foreach (var raw in new[] { created.Raw, got.Raw, updated.Raw, listed.Raw })
        {
            Assert.DoesNotContain(password, raw, StringComparison.Ordinal);
        }

        var duplicate = await PostJsonAsync(api, "/api/v1/proxies", new { scheme = "http", host, port = 8080, username = "user1" });
        AssertProblem(duplicate, HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await DeleteAsync(api, $"/api/v1/proxies/{id}")).Status);
        AssertProblem(await GetAsync(api, $"/api/v1/proxies/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_proxies_are_reported_by_field()
    {
        using var api = fx.OperatorClient();

        var bad = await PostJsonAsync(api, "/api/v1/proxies", new { scheme = "ftp", host = "not a host", port = 70000, password = "orphan" });
        var errors = AssertProblem(bad, HttpStatusCode.BadRequest);
        Assert.Contains("scheme", errors.Keys);
        Assert.Contains("host", errors.Keys);
        Assert.Contains("port", errors.Keys);
        Assert.Contains("password", errors.Keys);

        var wrongType = await SendAsync(api, HttpMethod.Post, "/api/v1/proxies", Json("{\"host\": \"h.example\", \"port\": \"eighty\"}"));
        Assert.Contains("port", AssertProblem(wrongType, HttpStatusCode.BadRequest).Keys);
        AssertProblem(await PutJsonAsync(api, $"/api/v1/proxies/{int.MaxValue}", new { host = "h.example", port = 80 }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Import_parses_every_notation_and_reports_bad_lines()
    {
        using var api = fx.OperatorClient();
        var host = $"i-{Guid.NewGuid():N}.example.net";
        var text = string.Join("\r\n",
            $"{host}:3128",                              // 1
            $"{host}:3129:alice:s3cr:et",                 // 2 password keeps its colon
            $"socks5://bob:p%40ss@{host}:1080",           // 3
            $"carol:pw@{host}:8000",                      // 4
            "# comment",                                  // 5
            $"{host}:99999",                              // 6
            "justahost",                                  // 7
            $"{host}:1:2",                                // 8
            $"ftp://{host}:21",                           // 9
            $"{host}:3128");                              // 10 duplicate of 1

        var report = await SendAsync(api, HttpMethod.Post, "/api/v1/proxies/import", new StringContent(text, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, report.Status);
        Assert.Equal(4, report.Body.GetProperty("created").GetInt32());
        var lines = report.Body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()).Order();
        Assert.Equal([6, 7, 8, 9, 10], lines);
        Assert.DoesNotContain("s3cr:et", report.Raw, StringComparison.Ordinal);

        var listed = await GetAsync(api, $"/api/v1/proxies?q={host}&page_size=50");
        var displays = listed.Body.GetProperty("items").EnumerateArray().Select(p => p.Str("display")).Order().ToList();
        Assert.Equal([$"http://{host}:3128", $"http://{host}:3129", $"http://{host}:8000", $"socks5://{host}:1080"], displays);
        Assert.DoesNotContain("s3cr:et", listed.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss", listed.Raw, StringComparison.Ordinal);

        // Re-importing skips existing proxies unless asked to update them.
        var again = await SendAsync(api, HttpMethod.Post, "/api/v1/proxies/import", Json(JsonSerializer.Serialize(new { text = $"{host}:3128\n{host}:5000" })));
        Assert.Equal(1, again.Body.GetProperty("created").GetInt32());
        Assert.Equal(1, again.Body.GetProperty("skipped").GetInt32());
        var update = await SendAsync(api, HttpMethod.Post, "/api/v1/proxies/import?update=true&scheme=https", new StringContent($"{host}:3128", Encoding.UTF8, "text/plain"));
        Assert.Equal(1, update.Body.GetProperty("updated").GetInt32());
        var https = await GetAsync(api, $"/api/v1/proxies?q={host}&page_size=50");
        Assert.Contains(https.Body.GetProperty("items").EnumerateArray(), p => p.Str("display") == $"https://{host}:3128");
    }

    [Fact]
    public async Task An_account_created_with_a_proxy_string_reuses_the_proxy()
    {
        using var api = fx.OperatorClient();
        var host = $"a-{Guid.NewGuid():N}.example.net";
        var first = await PostJsonAsync(api, "/api/v1/accounts", new { username = UniqueUsername("px1"), password = "x", proxy = $"{host}:8080:u:p" });
        var second = await PostJsonAsync(api, "/api/v1/accounts", new { username = UniqueUsername("px2"), password = "x", proxy = $"http://u:p@{host}:8080" });

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, second.Status);
        Assert.Equal(first.Body.GetProperty("proxy_id").GetInt32(), second.Body.GetProperty("proxy_id").GetInt32());
        Assert.Equal($"http://u@{host}:8080", first.Body.Str("proxy"));
        var proxy = await GetAsync(api, $"/api/v1/proxies/{first.Body.GetProperty("proxy_id").GetInt32()}");
        Assert.Equal(2, proxy.Body.GetProperty("accounts_count").GetInt32());
        Assert.Equal("u", proxy.Body.Str("username"));

        var bothGiven = await PostJsonAsync(api, "/api/v1/accounts", new { username = UniqueUsername("px3"), password = "x", proxy = $"{host}:1", proxy_id = 1 });
        Assert.Contains("proxy", AssertProblem(bothGiven, HttpStatusCode.BadRequest).Keys);
    }
}
