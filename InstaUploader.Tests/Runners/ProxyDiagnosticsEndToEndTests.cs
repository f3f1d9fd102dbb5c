using Aspire.Hosting.Testing;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Runners;

/// <summary>
/// proxy_diag through the whole topology: operator creates proxies and a task, the workers check them through a real
/// tinyproxy against the Sandbox's IP echo (their probe when the Sandbox stands in for the internet), and the Web
/// keeps the outcome on each proxy.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class ProxyDiagnosticsEndToEndTests(TopologyFixture fx)
{
    [Fact]
    public async Task A_proxy_diag_task_checks_each_proxy_and_stores_status_latency_exit_ip_and_reason()
    {
        var sandbox = fx.App.GetEndpoint("sandbox");
        await using var tinyproxy = await Tinyproxy.StartAsync(connectPorts: [sandbox.Port], basicAuth: ("diag-user", "diag-pass-123"));
        using var op = fx.OperatorClient();
        var good = await CreateProxyAsync(op, tinyproxy.Port, "diag-user", "diag-pass-123");
        var badPassword = await CreateProxyAsync(op, tinyproxy.Port, "diag-user-wrong", "nope");
        var dead = await CreateProxyAsync(op, Tinyproxy.FreePort(), null, null);

        var task = await op.CreateTaskAsync(new { kind = "proxy_diag", name = OperatorApi.Unique("diag"), proxy_ids = new[] { good, badPassword, dead }, start = true, max_attempts = 1 });
        var finished = await op.WaitForTaskAsync(task.GetProperty("id").GetInt32(), TimeSpan.FromSeconds(60));

        Assert.Equal("completed", finished.GetProperty("status").GetString());
        var items = finished.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("proxy_id").GetInt32());
        var goodItem = items[good];
        Assert.Equal("done", goodItem.GetProperty("status").GetString());
        Assert.Equal(1, goodItem.GetProperty("success").GetInt32());
        var goodResult = Result(goodItem);
        Assert.True(goodResult.GetProperty("ok").GetBoolean());
        Assert.Equal(good, goodResult.GetProperty("proxy_id").GetInt32());
        Assert.Equal("127.0.0.1", goodResult.GetProperty("exit_ip").GetString());
        Assert.Equal(200, goodResult.GetProperty("http_status").GetInt32());
        Assert.True(goodResult.GetProperty("connect_ok").GetBoolean());
        Assert.True(goodResult.GetProperty("latency_ms").GetInt32() >= 0);

        Assert.Equal("failed", items[badPassword].GetProperty("status").GetString());
        Assert.Equal(1, items[badPassword].GetProperty("failed").GetInt32());
        Assert.Contains("the credentials were rejected", Result(items[badPassword]).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", items[dead].GetProperty("status").GetString());
        Assert.Equal("connection refused", Result(items[dead]).GetProperty("error").GetString());
        Assert.Equal("connection refused", items[dead].GetProperty("last_error").GetString());

        var goodProxy = await op.GetFromJsonAsync<JsonElement>($"/api/v1/proxies/{good}");
        Assert.Equal("ok", goodProxy.GetProperty("status").GetString());
        Assert.Equal("127.0.0.1", goodProxy.GetProperty("exit_ip").GetString());
        Assert.True(goodProxy.GetProperty("last_latency_ms").GetInt32() >= 0);
        Assert.Equal(JsonValueKind.Null, goodProxy.GetProperty("last_error").ValueKind);
        Assert.InRange(DateTimeOffset.UtcNow - goodProxy.GetProperty("last_checked_at").GetDateTimeOffset(), TimeSpan.Zero - TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2));

        var wrongProxy = await op.GetFromJsonAsync<JsonElement>($"/api/v1/proxies/{badPassword}");
        Assert.Equal("failed", wrongProxy.GetProperty("status").GetString());
        Assert.Contains("the credentials were rejected", wrongProxy.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        var deadProxy = await op.GetFromJsonAsync<JsonElement>($"/api/v1/proxies/{dead}");
        Assert.Equal("failed", deadProxy.GetProperty("status").GetString());
        Assert.Equal("connection refused", deadProxy.GetProperty("last_error").GetString());
        Assert.Equal(JsonValueKind.Null, deadProxy.GetProperty("exit_ip").ValueKind);
    }

    [Fact]
    public async Task The_diagnostics_route_is_for_workers_and_validates_the_report()
    {
        using var op = fx.OperatorClient();
        var id = await CreateProxyAsync(op, Tinyproxy.FreePort(), null, null);
        using var worker = fx.WorkerClient();

        using var asOperator = await op.PostAsJsonAsync($"/api/proxies/{id}/diagnostics", new { ok = true });
        using var badIp = await worker.PostAsJsonAsync($"/api/proxies/{id}/diagnostics", new { ok = true, exit_ip = "nope" });
        using var missing = await worker.PostAsJsonAsync("/api/proxies/987654321/diagnostics", new { ok = false, error = "x" });
        using var stored = await worker.PostAsJsonAsync($"/api/proxies/{id}/diagnostics", new { ok = false, latency_ms = 12, error = "connect timeout" });

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, asOperator.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badIp.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, stored.StatusCode);
        var proxy = await op.GetFromJsonAsync<JsonElement>($"/api/v1/proxies/{id}");
        Assert.Equal("failed", proxy.GetProperty("status").GetString());
        Assert.Equal("connect timeout", proxy.GetProperty("last_error").GetString());
        Assert.Equal(12, proxy.GetProperty("last_latency_ms").GetInt32());
    }

    private static JsonElement Result(JsonElement item)
    {
        var raw = item.GetProperty("result");
        return raw.ValueKind == JsonValueKind.String ? JsonDocument.Parse(raw.GetString()!).RootElement : raw;
    }

    private static async Task<int> CreateProxyAsync(HttpClient op, int port, string? username, string? password)
    {
        using var response = await op.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = "127.0.0.1", port, username, password });
        await OperatorApi.EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }
}
