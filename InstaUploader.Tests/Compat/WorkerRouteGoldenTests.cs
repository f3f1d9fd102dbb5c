using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Compat;

/// <summary>
/// The raw answers of the worker-facing routes for one fixed scenario (claim single and batch, complete, renew, log,
/// status, counters, aggregate, register, heartbeat, release, locks, errors), compared with a recorded golden file:
/// same status codes, content types, property names in the same order, the same nulls and the same values (ids,
/// times and random names masked). Recorded before the answers moved from anonymous objects to contract records.
/// Set GOLDEN_UPDATE=1 to record the file again.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed partial class WorkerRouteGoldenTests(ControlPlaneFixture fx)
{
    private const string GoldenFile = "InstaUploader.Tests/Compat/Golden/worker-routes.json";

    private readonly List<(string Step, string Masked)> _answers = [];
    private string _tag = "";

    [Fact]
    public async Task Worker_routes_answer_as_recorded()
    {
        using var op = fx.Operator();
        using var worker = fx.Worker("golden-worker");
        _tag = OperatorApi.Unique("gold");
        var media = Path.Combine(Path.GetTempPath(), "iu-tests", "golden");

        using (var account = await op.PostAsJsonAsync("/api/v1/accounts", new
        {
            username = $"{_tag}_a", password = "pw-a", two_factor_secret = "JBSWY3DPEHPK3PXP", email_login = "a@example.test",
            email_password = "mail-a", proxy = $"socks5://pu:pp@{_tag}.example.net:1080",
        }))
        {
            await OperatorApi.EnsureAsync(account);
        }

        var a = (await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts?q={_tag}_a&page_size=5")).GetProperty("items")[0].GetProperty("id").GetInt32();
        var b = await op.CreateAccountAsync($"{_tag}_b", "pw-b");
        using var proxy = await op.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = $"{_tag}.proxy.test", port = 3128 });
        await OperatorApi.EnsureAsync(proxy);
        var proxyId = (await proxy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var videoId = (await op.UploadMediaAsync(OperatorApi.MakeVideo(media, seconds: 1, size: 64), "video/mp4")).GetProperty("id").GetInt32();
        using var category = await op.PostAsJsonAsync("/api/v1/follow-categories", new { name = $"{_tag}_cat" });
        await OperatorApi.EnsureAsync(category);
        var categoryId = (await category.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var targets = await op.PostAsJsonAsync($"/api/v1/follow-categories/{categoryId}/targets", new { usernames = new[] { "fit_alma", "cook_bek" } });
        await OperatorApi.EnsureAsync(targets);

        var upload = (await op.CreateTaskAsync(new
        {
            kind = "bulk_upload", account_ids = new[] { a, b }, start = true,
            videos = new[] { new { media_id = videoId, title = "Hello", location = "Almaty", mentions = "@one" } },
            options = new { default_location = "Astana", default_mentions = "@brand" },
        })).GetProperty("id").GetInt32();
        var follow = (await op.CreateTaskAsync(new
        {
            kind = "follow", account_ids = new[] { a }, options = new { category_id = categoryId, follow_min = 1, follow_max = 2 },
        })).GetProperty("id").GetInt32();
        var diag = (await op.CreateTaskAsync(new { kind = "proxy_diag", proxy_ids = new[] { proxyId }, start = true })).GetProperty("id").GetInt32();
        var uniq = (await op.CreateTaskAsync(new { kind = "media_uniq", media_ids = new[] { videoId }, options = new { copies = 1 }, start = true }))
            .GetProperty("id").GetInt32();

        await RecordAsync("aggregate bulk", worker.GetAsync($"/api/bulk-tasks/{upload}/aggregate"));
        await RecordAsync("aggregate follow", worker.GetAsync($"/api/follow/{follow}/aggregate"));
        await RecordAsync("aggregate missing", worker.GetAsync("/api/bulk-tasks/999999999/aggregate"));

        var first = await RecordAsync("claim single", worker.PostAsync($"/api/queries/claim_next/?task_id={upload}&lease_seconds=120", null));
        var batch = await RecordAsync("claim batch", worker.PostAsync($"/api/queries/claim_next/?task_id={upload}&limit=5", null));
        var firstId = first.GetProperty("id").GetInt64();
        var secondId = batch.GetProperty("items")[0].GetProperty("id").GetInt64();
        await RecordAsync("claim empty batch", worker.PostAsync($"/api/queries/claim_next/?task_id={upload}&limit=5", null));
        await RecordAsync("claim empty", worker.PostAsync($"/api/queries/claim_next/?task_id={upload}", null));
        await RecordAsync("claim bad limit", worker.PostAsync("/api/queries/claim_next/?limit=0", null));
        await RecordAsync("claim proxy_diag", worker.PostAsync($"/api/queries/claim_next/?task_id={diag}", null));
        var uniqItem = await RecordAsync("claim media_uniq", worker.PostAsync($"/api/queries/claim_next/?task_id={uniq}", null));

        await RecordAsync("renew single", worker.PostAsJsonAsync($"/api/queries/{firstId}/lease/", new { lease_seconds = 60 }));
        await RecordAsync("renew lost", worker.PostAsJsonAsync("/api/queries/999999999/lease/", new { lease_seconds = 60 }));
        await RecordAsync("renew batch", worker.PostAsJsonAsync("/api/queries/leases/", new { ids = new[] { firstId, secondId, 999999999 }, lease_seconds = 60 }));

        await RecordAsync("log single", worker.PostAsJsonAsync("/api/logs/", new { project = upload, query = firstId, log_data = "line one" }));
        await RecordAsync("log batch", worker.PostAsJsonAsync("/api/logs/batch/", new
        {
            lines = new object[] { new { query = firstId, log_data = "two" }, new { query = 999999999, log_data = "lost" } },
        }));

        await RecordAsync("item status", worker.PostAsJsonAsync($"/api/bulk-accounts/{firstId}/status", new { status = "RUNNING", log_append = "started" }));
        await RecordAsync("item status bad", worker.PostAsJsonAsync($"/api/bulk-accounts/{firstId}/status", new { status = "sideways" }));
        await RecordAsync("task status", worker.PostAsJsonAsync($"/api/bulk-tasks/{upload}/status", new { status = "running", log = "batch 1" }));
        await RecordAsync("task status generic", worker.PostAsJsonAsync($"/api/follow/{follow}/status", new { log_append = "note" }));
        using (var keyed = new HttpRequestMessage(HttpMethod.Post, $"/api/bulk-accounts/{firstId}/counters") { Content = JsonContent.Create(new { success = 1 }) })
        {
            keyed.Headers.Add("Idempotency-Key", $"{_tag}-counters");
            await RecordAsync("counters bulk", worker.SendAsync(keyed));
        }

        using (var again = new HttpRequestMessage(HttpMethod.Post, $"/api/bulk-accounts/{firstId}/counters") { Content = JsonContent.Create(new { success = 1 }) })
        {
            again.Headers.Add("Idempotency-Key", $"{_tag}-counters");
            await RecordAsync("counters duplicate", worker.SendAsync(again));
        }

        await RecordAsync("counters generic", worker.PostAsJsonAsync($"/api/media_uniq/accounts/{uniqItem.GetProperty("id").GetInt64()}/counters", new { success = 1, viewed = 2 }));
        await RecordAsync("counters bad", worker.PostAsJsonAsync($"/api/bulk-accounts/{firstId}/counters", new { likes = 1 }));

        await RecordAsync("complete single", Patch(worker, $"/api/queries/{firstId}/", new { status = "done", answer_text = "completed", result = new { posted = 1 } }));
        await RecordAsync("complete conflict", Patch(worker, $"/api/queries/{firstId}/", new { status = "done" }));
        await RecordAsync("complete bad", Patch(worker, $"/api/queries/{secondId}/", new { status = "maybe" }));
        await RecordAsync("complete batch", worker.PostAsJsonAsync("/api/queries/complete/", new
        {
            items = new object[]
            {
                new { id = secondId, status = "failed", error = "boom", retryable = true, retry_after_seconds = 30 },
                new { id = 999999999, status = "done" },
                new { id = firstId, status = "done" },
            },
        }));
        await RecordAsync("release", worker.PostAsJsonAsync($"/api/queries/{uniqItem.GetProperty("id").GetInt64()}/release/", new { }));
        await RecordAsync("release conflict", worker.PostAsJsonAsync($"/api/queries/{uniqItem.GetProperty("id").GetInt64()}/release/", new { }));

        await RecordAsync("register", worker.PostAsJsonAsync("/api/workers/register", new
        {
            worker_id = $"{_tag}-w", base_url = "http://127.0.0.1:1/", nudge_token = "0123456789abcdef0123", version = "1.0", capacity = 2,
        }));
        await RecordAsync("heartbeat", worker.PostAsJsonAsync("/api/workers/heartbeat", new { worker_id = $"{_tag}-w", active_jobs = 1, metrics = new { cpu = 5 } }));
        await RecordAsync("heartbeat unknown", worker.PostAsJsonAsync("/api/workers/heartbeat", new { worker_id = $"{_tag}-nobody", active_jobs = 0 }));
        await RecordAsync("metrics", worker.PostAsJsonAsync("/api/workers/metrics", new { worker_id = $"{_tag}-w", metrics = new { cpu = 5 } }));
        await RecordAsync("errors", worker.PostAsJsonAsync("/api/workers/errors", new { worker_id = $"{_tag}-w", message = "oops", kind = "bulk_upload", item_id = firstId }));
        await RecordAsync("original register", worker.PostAsJsonAsync("/api/worker/register", new { base_url = "http://127.0.0.1:2/", name = $"{_tag}-orig" }));
        await RecordAsync("original heartbeat", worker.PostAsJsonAsync("/api/worker/heartbeat", new { base_url = "http://127.0.0.1:2/", active_tasks = 1 }));
        await RecordAsync("proxy diagnostics", worker.PostAsJsonAsync($"/api/proxies/{proxyId}/diagnostics", new { ok = true, latency_ms = 12, exit_ip = "10.0.0.1", http_status = 200, connect_ok = true }));
        await RecordAsync("account session", worker.PostAsJsonAsync($"/api/accounts/{a}/session", new { session_settings = "{}", cookies = "[]" }));
        await RecordAsync("lock acquire", worker.PostAsJsonAsync("/api/locks/acquire", new { key = $"{_tag}-lock", owner = "a", ttl_seconds = 60 }));
        await RecordAsync("lock busy", worker.PostAsJsonAsync("/api/locks/acquire", new { key = $"{_tag}-lock", owner = "b", ttl_seconds = 60 }));
        await RecordAsync("lock release", worker.PostAsJsonAsync("/api/locks/release", new { key = $"{_tag}-lock", owner = "a" }));

        var created = await RecordAsync("follow category", worker.PostAsJsonAsync("/api/follow/categories", new { name = $"{_tag}_wcat", description = "d" }));
        await RecordAsync("follow targets", worker.PostAsJsonAsync($"/api/follow/categories/{created.GetProperty("id").GetInt32()}/targets",
            new { usernames = new[] { "t_one", "t_two", "t_one" } }));
        await RecordAsync("follow category bad", worker.PostAsJsonAsync("/api/follow/categories", new { name = "" }));
        await RecordAsync("scrape update unknown", Patch(worker, $"/api/queries/{Guid.NewGuid()}/", new { status = "failed", error = "x" }));

        await CompareAsync();
    }

    private static Task<HttpResponseMessage> Patch(HttpClient client, string path, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, path) { Content = JsonContent.Create(body) });

    private async Task<JsonElement> RecordAsync(string step, Task<HttpResponseMessage> send)
    {
        using var response = await send;
        var text = await response.Content.ReadAsStringAsync();
        var node = text.Length == 0 ? null : JsonNode.Parse(text);
        var entry = new JsonObject
        {
            ["step"] = step,
            ["status"] = (int)response.StatusCode,
            ["content_type"] = response.Content.Headers.ContentType?.MediaType,
            // No worker route names a Location, not even its 201s.
            ["location"] = response.Headers.Location?.ToString(),
            ["body"] = Mask(node, null),
        };
        _answers.Add((step, entry.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Keeps names, order, nulls, booleans and fixed strings; masks what differs run to run.</summary>
    private JsonNode? Mask(JsonNode? node, string? name) => node switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Mask(p.Value, p.Key)))),
        JsonArray arr => new JsonArray([.. arr.Select(e => Mask(e, name))]),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString().Contains('.', StringComparison.Ordinal) ? "<fraction>" : "<int>",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => MaskString(v.GetValue<string>(), name),
        _ => node.DeepClone(),
    };

    private string MaskString(string s, string? name)
    {
        if (name is "traceId" or "trace_id" or "sha256" or "file_name" || (name is "log" && s.Length > 0))
        {
            return $"<{name}>";
        }

        if (Time().IsMatch(s))
        {
            return s.EndsWith('Z') ? "<time Z>" : "<time offset>";
        }

        return Digits().Replace(s.Replace(_tag, "<tag>", StringComparison.Ordinal), "N");
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")]
    private static partial Regex Time();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    private async Task CompareAsync()
    {
        var actual = new StringBuilder("[\n");
        actual.AppendJoin(",\n", _answers.Select(a => a.Masked));
        actual.Append("\n]\n");
        var path = Path.Combine(RepoRoot(), GoldenFile);
        if (Environment.GetEnvironmentVariable("GOLDEN_UPDATE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, actual.ToString());
            return;
        }

        var expected = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsArray();
        var got = JsonNode.Parse(actual.ToString())!.AsArray();
        Assert.Equal(expected.Count, got.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            // Per step, so a difference names the route it is in.
            Assert.Equal(expected[i]!.ToJsonString(), got[i]!.ToJsonString());
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "InstaUploader.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("InstaUploader.sln not found above the test binaries.");
    }
}
