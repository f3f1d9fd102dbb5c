using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>The original workers' routes (docs/protocol.md#status-routes, #aggregates): paths, JSON names and status codes, exactly.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class WorkerRouteContractTests(ControlPlaneFixture fx) : IAsyncLifetime
{
    private readonly string _media = Path.Combine(Path.GetTempPath(), "iu-tests", "contract");
    private int _taskId;
    private int _videoId;
    private JsonElement _video;
    private List<int> _accounts = [];
    private string _tag = "";

    public async Task InitializeAsync()
    {
        using var op = fx.Operator();
        _tag = OperatorApi.Unique("c");
        _accounts = [await op.CreateAccountAsync($"{_tag}_a", "pw-a", twoFactorSecret: "JBSWY3DPEHPK3PXP", email: "a@example.test", emailPassword: "mail-a"),
                     await op.CreateAccountAsync($"{_tag}_b", "pw-b")];
        _video = await op.UploadMediaAsync(OperatorApi.MakeVideo(_media, seconds: 2, size: 128), "video/mp4");
        _videoId = _video.GetProperty("id").GetInt32();
        var task = await op.CreateTaskAsync(new
        {
            kind = "bulk_upload",
            name = $"contract {_tag}",
            account_ids = _accounts,
            videos = new[] { new { media_id = _videoId, title = "Hello", location = "Almaty", mentions = "@one @two" } },
            options = new { default_location = "Astana", default_mentions = "@brand" },
        });
        _taskId = task.GetProperty("id").GetInt32();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Bulk_aggregate_has_the_seed_000_shape()
    {
        using var worker = fx.Worker();
        var body = await worker.GetFromJsonAsync<JsonElement>($"/api/bulk-tasks/{_taskId}/aggregate");

        Assert.Equal("Astana", body.GetProperty("default_location").GetString());
        Assert.Equal("@brand", body.GetProperty("default_mentions").GetString());
        var accounts = body.GetProperty("accounts").EnumerateArray().ToList();
        Assert.Equal(2, accounts.Count);
        var first = accounts.Single(a => a.GetProperty("account").GetProperty("username").GetString() == $"{_tag}_a");
        Assert.True(first.GetProperty("account_task_id").GetInt64() > 0);
        var account = first.GetProperty("account");
        foreach (var field in new[] { "username", "password", "tfa_secret", "email_username", "email_password", "dolphin_profile_id", "proxy" })
        {
            Assert.True(account.TryGetProperty(field, out _), $"account.{field} missing");
        }

        Assert.Equal("pw-a", account.GetProperty("password").GetString());
        Assert.Equal("JBSWY3DPEHPK3PXP", account.GetProperty("tfa_secret").GetString());
        Assert.Equal("a@example.test", account.GetProperty("email_username").GetString());
        var video = body.GetProperty("videos").EnumerateArray().Single();
        Assert.Equal(_videoId, video.GetProperty("id").GetInt32());
        Assert.Equal(0, video.GetProperty("order").GetInt32());
        Assert.Equal("Hello", video.GetProperty("title").GetString());
        Assert.Equal("Almaty", video.GetProperty("location").GetString());
        Assert.Equal("@one @two", video.GetProperty("mentions").GetString());
    }

    [Fact]
    public async Task Generic_aggregate_routes_answer_for_each_kind_and_404_for_other_kinds()
    {
        using var op = fx.Operator();
        using var worker = fx.Worker();
        var login = await op.CreateTaskAsync(new { kind = "bulk_login", account_ids = _accounts });
        var id = login.GetProperty("id").GetInt32();

        var body = await worker.GetFromJsonAsync<JsonElement>($"/api/bulk_login/{id}/aggregate");
        Assert.Equal(2, body.GetProperty("accounts").GetArrayLength());
        using var wrongKind = await worker.GetAsync($"/api/warmup/{id}/aggregate");
        Assert.Equal(HttpStatusCode.NotFound, wrongKind.StatusCode);
        using var missing = await worker.GetAsync($"/api/bulk-tasks/999999/aggregate");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Media_download_streams_with_length_etag_and_ranges()
    {
        using var worker = fx.Worker();
        using var full = await worker.GetAsync($"/api/media/{_videoId}/download");
        var bytes = await full.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal(_video.GetProperty("size_bytes").GetInt64(), full.Content.Headers.ContentLength);
        Assert.Equal(bytes.Length, full.Content.Headers.ContentLength);
        Assert.Equal($"\"{_video.GetProperty("sha256").GetString()}\"", full.Headers.ETag?.Tag);
        Assert.Equal(_video.GetProperty("sha256").GetString(), Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)).ToLowerInvariant());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/media/{_videoId}/download");
        request.Headers.Range = new RangeHeaderValue(10, 109);
        using var partial = await worker.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(100, partial.Content.Headers.ContentLength);
        Assert.Equal(bytes[10..110], await partial.Content.ReadAsByteArrayAsync());

        using var missing = await worker.GetAsync("/api/media/999999/download");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Task_status_replaces_or_appends_the_log()
    {
        using var worker = fx.Worker();
        using var set = await worker.PostAsJsonAsync($"/api/bulk-tasks/{_taskId}/status", new { status = "running", log = "first line" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        using var append = await worker.PostAsJsonAsync($"/api/bulk-tasks/{_taskId}/status", new { log_append = "second line" });
        Assert.Equal(HttpStatusCode.OK, append.StatusCode);

        using var op = fx.Operator();
        var task = await op.GetTaskAsync(_taskId);
        var log = task.GetProperty("log").GetString()!;
        Assert.StartsWith("first line\n[", log, StringComparison.Ordinal);
        Assert.EndsWith("] second line", log, StringComparison.Ordinal);
        Assert.Equal("running", task.GetProperty("status").GetString());

        using var bad = await worker.PostAsJsonAsync($"/api/bulk-tasks/{_taskId}/status", new { status = "exploded" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("status", out _));
    }

    [Fact]
    public async Task Account_status_and_counters_follow_the_seed()
    {
        using var worker = fx.Worker();
        var itemId = await FirstItemAsync();

        using var status = await worker.PostAsJsonAsync($"/api/bulk-accounts/{itemId}/status", new { status = "in_progress", log_append = "logging in" });
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var add1 = await worker.PostAsJsonAsync($"/api/bulk-accounts/{itemId}/counters", new { success = 2, failed = 1 });
        using var add2 = await worker.PostAsJsonAsync($"/api/bulk-accounts/{itemId}/counters", new { success = 1 });
        Assert.Equal(HttpStatusCode.OK, add2.StatusCode);
        var counters = await add2.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, counters.GetProperty("success").GetInt32());
        Assert.Equal(1, counters.GetProperty("failed").GetInt32());

        using var unknown = await worker.PostAsJsonAsync($"/api/bulk-accounts/{itemId}/counters", new { likes = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var problem = await unknown.Content.ReadAsStringAsync();
        Assert.Contains("success", problem, StringComparison.Ordinal);
        Assert.Contains("failed", problem, StringComparison.Ordinal);
        using var negative = await worker.PostAsJsonAsync($"/api/bulk-accounts/{itemId}/counters", new { success = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
    }

    [Fact]
    public async Task Counters_with_the_same_idempotency_key_are_added_once()
    {
        using var op = fx.Operator();
        using var worker = fx.Worker();
        var warmup = await op.CreateTaskAsync(new { kind = "warmup", account_ids = _accounts, options = new { likes_min = 1, likes_max = 3 } });
        var task = await op.GetTaskAsync(warmup.GetProperty("id").GetInt32());
        var itemId = task.GetProperty("items")[0].GetProperty("id").GetInt64();
        var key = Guid.NewGuid().ToString();

        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/warmup/accounts/{itemId}/counters")
            {
                Content = JsonContent.Create(new { likes = 5, viewed = 2 }),
            };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await worker.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var other = await worker.PostAsJsonAsync($"/api/warmup/accounts/{itemId}/counters", new { follows = 1 });
        var item = (await op.GetTaskAsync(warmup.GetProperty("id").GetInt32())).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == itemId);
        Assert.Equal(5, item.GetProperty("likes").GetInt32());
        Assert.Equal(2, item.GetProperty("viewed").GetInt32());
        Assert.Equal(1, item.GetProperty("follows").GetInt32());

        using var generic = await worker.PostAsJsonAsync($"/api/warmup/{warmup.GetProperty("id").GetInt32()}/status", new { log_append = "scrolled" });
        Assert.Equal(HttpStatusCode.OK, generic.StatusCode);
        using var genericAccount = await worker.PostAsJsonAsync($"/api/warmup/accounts/{itemId}/status", new { log_append = "liked 5" });
        Assert.Equal(HttpStatusCode.OK, genericAccount.StatusCode);
        using var unknownKind = await worker.PostAsJsonAsync($"/api/tiktok/accounts/{itemId}/counters", new { likes = 1 });
        Assert.Equal(HttpStatusCode.NotFound, unknownKind.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/bulk-tasks/1/aggregate")]
    [InlineData("GET", "/api/warmup/1/aggregate")]
    [InlineData("GET", "/api/media/1/download")]
    [InlineData("POST", "/api/bulk-tasks/1/status")]
    [InlineData("POST", "/api/bulk-accounts/1/status")]
    [InlineData("POST", "/api/bulk-accounts/1/counters")]
    [InlineData("POST", "/api/follow/1/status")]
    [InlineData("POST", "/api/follow/accounts/1/status")]
    [InlineData("POST", "/api/follow/accounts/1/counters")]
    [InlineData("POST", "/api/queries/claim_next/")]
    [InlineData("PATCH", "/api/queries/1/")]
    [InlineData("POST", "/api/logs/")]
    [InlineData("POST", "/api/workers/register")]
    [InlineData("POST", "/api/workers/heartbeat")]
    [InlineData("POST", "/api/workers/metrics")]
    [InlineData("POST", "/api/workers/errors")]
    [InlineData("POST", "/api/locks/acquire")]
    [InlineData("POST", "/api/locks/release")]
    [InlineData("POST", "/api/follow/categories")]
    [InlineData("POST", "/api/media/uniquify/start")]
    [InlineData("POST", "/api/cookie-robot/start")]
    public async Task Worker_routes_answer_401_without_or_with_a_wrong_token(string method, string path)
    {
        using var anonymous = fx.Anonymous();
        using var none = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        using var wrong = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-at-all");
        using var denied = await anonymous.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
    }

    private async Task<long> FirstItemAsync()
    {
        using var op = fx.Operator();
        var task = await op.GetTaskAsync(_taskId);
        return task.GetProperty("items")[0].GetProperty("id").GetInt64();
    }
}
