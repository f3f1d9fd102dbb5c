using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Compat;

/// <summary>
/// The original Python worker against our Web: every aggregate it downloads validates against its own pydantic model
/// and carries what its runner reads; the calls of its UiClient (same paths, same bodies, same status words) succeed
/// and show up in the operator API as our own worker's would.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class OriginalWorkerAgainstWebTests(ControlPlaneFixture fx) : IAsyncLifetime
{
    private readonly string _media = Path.Combine(Path.GetTempPath(), "iu-tests", "compat");
    private readonly Dictionary<string, int> _tasks = [];
    private string _tag = "";
    private int _proxyId;
    private int _videoId;
    private int _imageId;
    private List<int> _accounts = [];

    public async Task InitializeAsync()
    {
        using var op = fx.Operator();
        _tag = OperatorApi.Unique("orig");
        using var proxy = await op.PostAsJsonAsync("/api/v1/proxies", new { scheme = "socks5", host = "10.9.8.7", port = 1080, username = $"pu_{_tag}", password = "ppass" });
        await OperatorApi.EnsureAsync(proxy);
        _proxyId = (await proxy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var withProxy = await op.PostAsJsonAsync("/api/v1/accounts", new
        {
            username = $"{_tag}_a", password = "pw-a", two_factor_secret = "JBSWY3DPEHPK3PXP", email_login = "a@example.test",
            email_password = "mail-a", proxy_id = _proxyId,
        });
        await OperatorApi.EnsureAsync(withProxy);
        _accounts = [(await withProxy.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32(), await op.CreateAccountAsync($"{_tag}_b", "pw-b")];
        _videoId = (await op.UploadMediaAsync(OperatorApi.MakeVideo(_media, seconds: 1), "video/mp4")).GetProperty("id").GetInt32();
        _imageId = (await op.UploadMediaAsync(OperatorApi.MakeImage(_media), "image/jpeg")).GetProperty("id").GetInt32();
        using var category = await op.PostAsJsonAsync("/api/v1/follow-categories", new { name = OperatorApi.Unique("orig_cat") });
        await OperatorApi.EnsureAsync(category);
        var categoryId = (await category.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var targets = await op.PostAsJsonAsync($"/api/v1/follow-categories/{categoryId}/targets", new { usernames = new[] { "fit_alma", "cook_bek" } });
        await OperatorApi.EnsureAsync(targets);

        var requests = new Dictionary<string, object>
        {
            ["bulk_upload"] = new { kind = "bulk_upload", account_ids = _accounts, options = new { default_location = "Astana", default_mentions = "@brand" },
                videos = new[] { new { media_id = _videoId, title = "Hello", location = "Almaty", mentions = "@one" } } },
            ["bulk_login"] = new { kind = "bulk_login", account_ids = _accounts },
            ["warmup"] = new { kind = "warmup", account_ids = _accounts,
                options = new { feed_scrolls = 4, likes_min = 1, likes_max = 3, stories_min = 0, stories_max = 2, follows_min = 1, follows_max = 1 } },
            ["avatar"] = new { kind = "avatar", account_ids = _accounts, options = new { image_ids = new[] { _imageId } } },
            ["bio"] = new { kind = "bio", account_ids = _accounts, options = new { external_url = "https://example.test/link" } },
            ["follow"] = new { kind = "follow", account_ids = _accounts, options = new { category_id = categoryId, follow_min = 1, follow_max = 2 } },
            ["proxy_diag"] = new { kind = "proxy_diag", proxy_ids = new[] { _proxyId } },
            ["media_uniq"] = new { kind = "media_uniq", media_ids = new[] { _videoId }, options = new { copies = 2 } },
            ["cookie_robot"] = new { kind = "cookie_robot", account_ids = _accounts, options = new { urls = new[] { "https://example.test/" } } },
        };
        foreach (var (kind, request) in requests)
        {
            _tasks[kind] = (await op.CreateTaskAsync(request)).GetProperty("id").GetInt32();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string AggregatePath(string kind, int id) => kind == "bulk_upload" ? $"/api/bulk-tasks/{id}/aggregate" : $"/api/{kind}/{id}/aggregate";

    [Theory]
    [InlineData("bulk_upload")]
    [InlineData("bulk_login")]
    [InlineData("warmup")]
    [InlineData("avatar")]
    [InlineData("bio")]
    [InlineData("follow")]
    [InlineData("proxy_diag")]
    [InlineData("media_uniq")]
    [InlineData("cookie_robot")]
    public async Task Every_aggregate_validates_against_the_original_model_of_its_kind(string kind)
    {
        using var worker = fx.Worker();
        var body = await worker.GetFromJsonAsync<JsonElement>(AggregatePath(kind, _tasks[kind]));

        var errors = OriginalModels.Validate(OriginalModels.AggregateByKind[kind], body);
        Assert.True(errors.Count == 0, $"{kind} aggregate fails {OriginalModels.AggregateByKind[kind].Name}:\n{string.Join("\n", errors)}\n{body}");
        Assert.Equal(_tasks[kind], body.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Aggregates_carry_what_the_original_runners_read()
    {
        using var worker = fx.Worker();
        async Task<JsonElement> Get(string kind) => await worker.GetFromJsonAsync<JsonElement>(AggregatePath(kind, _tasks[kind]));

        // Credentials and a ProxyData-shaped proxy (socks5 stays socks5), our names kept beside.
        var bulk = await Get("bulk_upload");
        var account = bulk.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("account"))
            .Single(a => a.GetProperty("username").GetString() == $"{_tag}_a");
        Assert.Equal("pw-a", account.GetProperty("password").GetString());
        Assert.Equal("JBSWY3DPEHPK3PXP", account.GetProperty("tfa_secret").GetString());
        Assert.Equal("mail-a", account.GetProperty("email_password").GetString());
        var proxy = account.GetProperty("proxy");
        Assert.Equal("socks5", proxy.GetProperty("type").GetString());
        Assert.Equal("10.9.8.7", proxy.GetProperty("host").GetString());
        Assert.Equal(1080, proxy.GetProperty("port").GetInt32());
        Assert.Equal($"pu_{_tag}", proxy.GetProperty("user").GetString());
        Assert.Equal("ppass", proxy.GetProperty("pass").GetString());
        Assert.Equal("socks5", proxy.GetProperty("scheme").GetString());
        Assert.Equal($"pu_{_tag}", proxy.GetProperty("username").GetString());
        var video = bulk.GetProperty("videos").EnumerateArray().Single();
        Assert.Equal((_videoId, "Hello", "Almaty", "@one"),
            (video.GetProperty("id").GetInt32(), video.GetProperty("title").GetString(), video.GetProperty("location").GetString(), video.GetProperty("mentions").GetString()));
        Assert.Equal("Astana", bulk.GetProperty("default_location").GetString());

        var actions = (await Get("warmup")).GetProperty("actions");
        Assert.Equal([4, 4, 1, 3, 0, 2, 1, 1], new[]
        {
            "feed_scroll_min_count", "feed_scroll_max_count", "like_min_count", "like_max_count",
            "view_stories_min_count", "view_stories_max_count", "follow_min_count", "follow_max_count",
        }.Select(n => actions.GetProperty(n).GetInt32()));

        Assert.Equal(_imageId, (await Get("avatar")).GetProperty("images").EnumerateArray().Single().GetProperty("id").GetInt32());
        Assert.Equal("https://example.test/link", (await Get("bio")).GetProperty("link_url").GetString());

        var follow = await Get("follow");
        Assert.Equal(["cook_bek", "fit_alma"], follow.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("username").GetString()!).Order());
        Assert.Equal((1, 2), (follow.GetProperty("options").GetProperty("follow_min_count").GetInt32(), follow.GetProperty("options").GetProperty("follow_max_count").GetInt32()));
        Assert.Equal(2, follow.GetProperty("accounts").GetArrayLength());

        var diag = (await Get("proxy_diag")).GetProperty("accounts").EnumerateArray().Single();
        Assert.Equal($"pu_{_tag}", diag.GetProperty("account").GetProperty("proxy").GetProperty("user").GetString());
        Assert.Equal(_proxyId, diag.GetProperty("account").GetProperty("proxy").GetProperty("id").GetInt32());

        Assert.Equal(_videoId, (await Get("media_uniq")).GetProperty("videos").EnumerateArray().Single().GetProperty("id").GetInt32());
        Assert.Equal("https://example.test/", (await Get("cookie_robot")).GetProperty("config").GetProperty("urls")[0].GetString());
    }

    [Theory]
    [InlineData("warmup", "actions", "actions")]
    [InlineData("avatar", "images", "images")]
    [InlineData("bio", "link_url", "link_url")]
    [InlineData("follow", "targets", "follow_targets")]
    [InlineData("cookie_robot", "config", "config")]
    public async Task Claim_next_payloads_carry_what_the_aggregate_carries(string kind, string aggregateField, string payloadField)
    {
        using var op = fx.Operator();
        using var worker = fx.Worker(OperatorApi.Unique("claimer"));
        var id = _tasks[kind];
        await op.StartTaskAsync(id);
        var aggregate = await worker.GetFromJsonAsync<JsonElement>(AggregatePath(kind, id));
        using var claim = await worker.PostAsync($"/api/queries/claim_next/?kind={kind}&task_id={id}", null);
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        var claimed = await claim.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(aggregate.GetProperty(aggregateField).GetRawText(), claimed.GetProperty("payload").GetProperty(payloadField).GetRawText());
        var account = claimed.GetProperty("account");
        Assert.Empty(OriginalModels.Validate(OriginalModels.AccountDetails, account));
    }

    [Fact]
    public async Task A_bulk_upload_run_as_the_original_worker_calls_it_shows_in_the_operator_api()
    {
        using var op = fx.Operator();
        using var worker = fx.Worker();
        var taskId = _tasks["bulk_upload"];
        var aggregate = await worker.GetFromJsonAsync<JsonElement>($"/api/bulk-tasks/{taskId}/aggregate");
        var items = aggregate.GetProperty("accounts").EnumerateArray().Select(a => a.GetProperty("account_task_id").GetInt64()).ToList();

        async Task Post(string path, object body)
        {
            using var response = await worker.PostAsJsonAsync(path, body);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted or HttpStatusCode.NoContent,
                $"{path} {JsonSerializer.Serialize(body)} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // orchestrator._run → runner.run_account_upload → … in the order the original worker sends them.
        await Post($"/api/bulk-tasks/{taskId}/status", new { status = "RUNNING" });
        await Post($"/api/bulk-tasks/{taskId}/status", new { log_append = "[RUNNER] Upload method: instagrapi\n" });
        await Post($"/api/bulk-accounts/{items[0]}/status", new { status = "RUNNING", log_append = "Starting account a\n" });
        using (var download = await worker.GetAsync($"/api/media/{aggregate.GetProperty("videos")[0].GetProperty("id").GetInt32()}/download"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        }

        await Post($"/api/bulk-accounts/{items[0]}/counters", new { success = 1, failed = 0 });
        await Post($"/api/bulk-accounts/{items[0]}/status", new { status = "RUNNING", log_append = "Video uploaded successfully\n" });
        await Post($"/api/bulk-accounts/{items[0]}/status", new { status = "COMPLETED" });
        await Post($"/api/bulk-tasks/{taskId}/status", new { status = "RUNNING", log = "[BATCH] Completed 1/2\n" });
        await Post($"/api/bulk-accounts/{items[1]}/status", new { status = "RUNNING", log_append = "Starting account b\n" });
        await Post($"/api/bulk-accounts/{items[1]}/counters", new { success = 0, failed = 1 });
        await Post($"/api/bulk-accounts/{items[1]}/status", new { status = "FAILED", log_append = "[CRITICAL] login failed\n" });
        await Post($"/api/bulk-tasks/{taskId}/status", new { status = "COMPLETED" });

        var task = await op.GetTaskAsync(taskId);
        Assert.Equal("completed", task.GetProperty("status").GetString());
        var log = task.GetProperty("log").GetString()!;
        Assert.Contains("[RUNNER] Upload method: instagrapi", log, StringComparison.Ordinal);
        Assert.Contains("[BATCH] Completed 1/2", log, StringComparison.Ordinal);
        var byId = task.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetInt64());
        Assert.Equal(("done", 1), (byId[items[0]].GetProperty("status").GetString(), byId[items[0]].GetProperty("success").GetInt32()));
        Assert.Equal(("failed", 1), (byId[items[1]].GetProperty("status").GetString(), byId[items[1]].GetProperty("failed").GetInt32()));
        Assert.Contains("Video uploaded successfully", byId[items[0]].GetProperty("log").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Task_log_appends_like_the_original_web()
    {
        using var op = fx.Operator();
        using var worker = fx.Worker();
        var taskId = _tasks["warmup"];
        foreach (var line in new[] { "first failure", "second failure" })
        {
            using var response = await worker.PostAsJsonAsync($"/api/warmup/{taskId}/status", new { log = line });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var log = (await op.GetTaskAsync(taskId)).GetProperty("log").GetString()!;
        Assert.Contains("first failure", log, StringComparison.Ordinal);
        Assert.EndsWith("second failure", log, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> StatusWords => new()
    {
        // word the original runners send, our task status, our item status
        { "PENDING", "pending", "pending" },
        { "RUNNING", "running", "in_progress" },
        { "COMPLETED", "completed", "done" },
        { "PARTIALLY_COMPLETED", "completed", "done" },
        { "FAILED", "failed", "failed" },
        { "ERROR", "failed", "failed" },
    };

    [Theory]
    [MemberData(nameof(StatusWords))]
    public async Task Every_status_word_the_original_runners_send_is_accepted(string word, string taskStatus, string itemStatus)
    {
        using var op = fx.Operator();
        using var worker = fx.Worker();
        foreach (var kind in new[] { "bulk_upload", "proxy_diag", "media_uniq", "cookie_robot" })
        {
            var created = await op.CreateTaskAsync(kind switch
            {
                "bulk_upload" => new { kind, account_ids = _accounts, videos = new[] { new { media_id = _videoId } } },
                "proxy_diag" => new { kind, proxy_ids = new[] { _proxyId } },
                "media_uniq" => new { kind, media_ids = new[] { _videoId } },
                _ => (object)new { kind, account_ids = _accounts, options = new { urls = new[] { "https://example.test/" } } },
            });
            var id = created.GetProperty("id").GetInt32();
            // The bulk item runs account a; the cookie robot's runs account b (an account runs one item at a time).
            var index = kind == "cookie_robot" ? 1 : 0;
            var item = (await op.GetTaskAsync(id)).GetProperty("items")[index].GetProperty("id").GetInt64();
            var (taskPath, itemPath) = kind == "bulk_upload"
                ? ($"/api/bulk-tasks/{id}/status", $"/api/bulk-accounts/{item}/status")
                : ($"/api/{kind}/{id}/status", $"/api/{kind}/accounts/{item}/status");

            using var itemResponse = await worker.PostAsJsonAsync(itemPath, new { status = word, log_append = $"{word}\n" });
            Assert.True(itemResponse.StatusCode == HttpStatusCode.OK, $"{itemPath} {word}: {await itemResponse.Content.ReadAsStringAsync()}");
            using var taskResponse = await worker.PostAsJsonAsync(taskPath, new { status = word, log_append = $"{word}\n" });
            Assert.True(taskResponse.StatusCode == HttpStatusCode.OK, $"{taskPath} {word}: {await taskResponse.Content.ReadAsStringAsync()}");

            var task = await op.GetTaskAsync(id);
            Assert.Equal(taskStatus, task.GetProperty("status").GetString());
            Assert.Equal(itemStatus, task.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == item).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Running_a_second_item_of_a_busy_account_is_a_409_not_a_500()
    {
        using var op = fx.Operator();
        using var worker = fx.Worker();
        long FirstItem(JsonElement task) => task.GetProperty("items")[0].GetProperty("id").GetInt64();
        var first = FirstItem(await op.GetTaskAsync((await op.CreateTaskAsync(new { kind = "bulk_login", account_ids = _accounts })).GetProperty("id").GetInt32()));
        var second = FirstItem(await op.GetTaskAsync((await op.CreateTaskAsync(new { kind = "warmup", account_ids = _accounts })).GetProperty("id").GetInt32()));

        using var running = await worker.PostAsJsonAsync($"/api/bulk_login/accounts/{first}/status", new { status = "RUNNING" });
        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        using var busy = await worker.PostAsJsonAsync($"/api/warmup/accounts/{second}/status", new { status = "RUNNING" });
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_item_another_worker_has_claimed_cannot_be_set_running_by_a_pull_mode_worker()
    {
        using var op = fx.Operator();
        using var ours = fx.Worker("our-worker-1");
        var taskId = (await op.CreateTaskAsync(new { kind = "bulk_login", account_ids = _accounts, start = true })).GetProperty("id").GetInt32();
        using var claim = await ours.PostAsync($"/api/queries/claim_next/?kind=bulk_login&task_id={taskId}", null);
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        var claimed = (await claim.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        using var original = fx.Anonymous();
        original.DefaultRequestHeaders.Authorization = new("Bearer", fx.WorkerToken);
        using var refused = await original.PostAsJsonAsync($"/api/bulk_login/accounts/{claimed}/status", new { status = "RUNNING", log_append = "login: start\n" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("our-worker-1", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var logOnly = await original.PostAsJsonAsync($"/api/bulk_login/accounts/{claimed}/status", new { log_append = "note\n" });
        Assert.Equal(HttpStatusCode.OK, logOnly.StatusCode);
        using var owner = await ours.PostAsJsonAsync($"/api/bulk_login/accounts/{claimed}/status", new { status = "RUNNING" });
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    [Fact]
    public async Task Image_downloads_answer_at_the_original_paths()
    {
        using var worker = fx.Worker();
        foreach (var path in new[] { $"/api/media/images/{_imageId}/download", $"/api/media/{_imageId}/download" })
        {
            using var response = await worker.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
        }

        using var video = await worker.GetAsync($"/api/media/images/{_videoId}/download");
        Assert.Equal(HttpStatusCode.NotFound, video.StatusCode);
    }

    [Fact]
    public async Task The_original_worker_registers_and_heartbeats_and_is_listed()
    {
        using var worker = fx.Worker();
        using var op = fx.Operator();
        var name = OperatorApi.Unique("pyworker");
        var baseUrl = $"http://{name}.example.test:8088";

        using var register = await worker.PostAsJsonAsync("/api/worker/register", new { base_url = baseUrl, name, capacity = 2 });
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.True((await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ok").GetBoolean());
        using var heartbeat = await worker.PostAsJsonAsync("/api/worker/heartbeat", new
        {
            base_url = baseUrl, active_tasks = 1, resource_stats = new { memory_mb = 120.5, cpu_percent = 3.0 },
        });
        Assert.Equal(HttpStatusCode.OK, heartbeat.StatusCode);
        Assert.True((await heartbeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ok").GetBoolean());

        var listed = (await op.GetFromJsonAsync<JsonElement>("/api/workers/")).EnumerateArray().Single(w => w.GetProperty("id").GetString() == name);
        Assert.Equal(baseUrl, listed.GetProperty("base_url").GetString());
        Assert.Equal(2, listed.GetProperty("capacity").GetInt32());
        Assert.Equal(1, listed.GetProperty("active_jobs").GetInt32());

        using var unknown = await worker.PostAsJsonAsync("/api/worker/heartbeat", new { base_url = "http://nobody.example.test:1" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var noUrl = await worker.PostAsJsonAsync("/api/worker/register", new { name });
        Assert.Equal(HttpStatusCode.BadRequest, noUrl.StatusCode);
        Assert.Contains("base_url", await noUrl.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
