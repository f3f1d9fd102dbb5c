using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>The claim protocol over per-account items (docs/protocol.md#claim): atomic claims, leases, owners, the account lock.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class QueueProtocolTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task An_empty_queue_answers_404_with_the_seed_detail()
    {
        using var worker = fx.Worker();
        using var response = await worker.PostAsync("/api/queries/claim_next/?kind=cookie_robot&task_id=987654", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("{\"detail\":\"No queued queries available\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Claim_sets_in_progress_and_only_the_lease_owner_may_finish()
    {
        using var op = fx.Operator();
        var (taskId, _) = await StartedLoginTaskAsync(op, accounts: 1);
        using var a = fx.Worker("worker-a");
        using var b = fx.Worker("worker-b");

        var claimed = await ClaimAsync(a, taskId);
        Assert.NotNull(claimed);
        var item = claimed.Value;
        Assert.Equal("in_progress", item.GetProperty("status").GetString());
        Assert.Equal(1, item.GetProperty("attempts").GetInt32());
        Assert.Equal("worker-a", item.GetProperty("lease_owner").GetString());
        Assert.Equal(taskId, item.GetProperty("task_id").GetInt32());
        Assert.Equal("bulk_login", item.GetProperty("kind").GetString());
        Assert.True(item.TryGetProperty("query_created", out _));
        Assert.True(item.TryGetProperty("query_started", out _));
        Assert.StartsWith("cp_", item.GetProperty("account").GetProperty("username").GetString(), StringComparison.Ordinal);
        Assert.Null(await ClaimAsync(b, taskId));

        var id = item.GetProperty("id").GetInt64();
        using var stolen = await b.PatchAsJsonAsync($"/api/queries/{id}/", new { status = "done" });
        Assert.Equal(HttpStatusCode.Conflict, stolen.StatusCode);
        using var log = await a.PostAsJsonAsync("/api/logs/", new { project = taskId, query = id, log_data = "Начинаем обработку..." });
        Assert.Equal(HttpStatusCode.Created, log.StatusCode);
        var logBody = await log.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, logBody.GetProperty("query").GetInt64());
        Assert.Equal("Начинаем обработку...", logBody.GetProperty("log_data").GetString());

        using var done = await a.PatchAsJsonAsync($"/api/queries/{id}/", new { status = "done", answer_text = "ok", query_finished = DateTimeOffset.UtcNow });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("done", (await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        using var again = await a.PatchAsJsonAsync($"/api/queries/{id}/", new { status = "done" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var task = await op.WaitForTaskAsync(taskId, TimeSpan.FromSeconds(10));
        Assert.Equal("completed", task.GetProperty("status").GetString());
        Assert.Contains("Начинаем обработку...", task.GetProperty("items")[0].GetProperty("log").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_claim_carries_the_decrypted_account_with_its_proxy_and_the_task_payload()
    {
        using var op = fx.Operator();
        using var worker = fx.Worker("payload-reader");
        var username = OperatorApi.Unique("cp");
        var host = $"p-{Guid.NewGuid():N}.example.net";
        using var created = await op.PostAsJsonAsync("/api/v1/accounts", new
        {
            username, password = "pw-claim", two_factor_secret = "JBSWY3DPEHPK3PXP", email_login = "c@example.test",
            email_password = "mail-claim", proxy = $"http://pu:pp-claim@{host}:8080",
        });
        await OperatorApi.EnsureAsync(created);
        var accountId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var video = await op.UploadMediaAsync(OperatorApi.MakeVideo(Path.Combine(Path.GetTempPath(), "iu-tests", "claim"), seconds: 1, size: 64), "video/mp4");
        var videoId = video.GetProperty("id").GetInt32();
        var task = await op.CreateTaskAsync(new
        {
            kind = "bulk_upload", account_ids = new[] { accountId }, start = true,
            videos = new[] { new { media_id = videoId, title = "Claimed", location = "Almaty", mentions = "@one" } },
            options = new { default_location = "Astana" },
        });
        var taskId = task.GetProperty("id").GetInt32();

        var item = (await ClaimAsync(worker, taskId))!.Value;

        var account = item.GetProperty("account");
        Assert.Equal(accountId, account.GetProperty("id").GetInt32());
        Assert.Equal(username, account.GetProperty("username").GetString());
        Assert.Equal("pw-claim", account.GetProperty("password").GetString());
        Assert.Equal("JBSWY3DPEHPK3PXP", account.GetProperty("tfa_secret").GetString());
        Assert.Equal("c@example.test", account.GetProperty("email_username").GetString());
        Assert.Equal("mail-claim", account.GetProperty("email_password").GetString());
        var proxy = account.GetProperty("proxy");
        Assert.Equal(host, proxy.GetProperty("host").GetString());
        Assert.Equal(8080, proxy.GetProperty("port").GetInt32());
        Assert.Equal("pu", proxy.GetProperty("username").GetString());
        Assert.Equal("pp-claim", proxy.GetProperty("password").GetString());
        var payload = item.GetProperty("payload");
        Assert.Equal("Astana", payload.GetProperty("default_location").GetString());
        Assert.Equal("Astana", payload.GetProperty("options").GetProperty("default_location").GetString());
        var claimedVideo = payload.GetProperty("videos").EnumerateArray().Single();
        Assert.Equal(videoId, claimedVideo.GetProperty("id").GetInt32());
        Assert.Equal("Claimed", claimedVideo.GetProperty("title").GetString());
        Assert.Equal(video.GetProperty("sha256").GetString(), claimedVideo.GetProperty("sha256").GetString());
        Assert.Equal(item.GetProperty("id").GetInt64(), item.GetProperty("account_task_id").GetInt64());
        Assert.True(item.GetProperty("lease_expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Bad_claim_and_patch_input_gets_field_errors()
    {
        using var worker = fx.Worker();
        using var badKind = await worker.PostAsync("/api/queries/claim_next/?kind=nonsense", null);
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.True((await badKind.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("kind", out _));

        using var badStatus = await worker.PatchAsJsonAsync("/api/queries/1/", new { status = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        using var notJson = await worker.PatchAsync("/api/queries/1/", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        using var missing = await worker.PatchAsJsonAsync("/api/queries/99999999/", new { status = "done" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var noQuery = await worker.PostAsJsonAsync("/api/logs/", new { log_data = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, noQuery.StatusCode);
    }

    [Fact]
    public async Task An_item_whose_last_attempts_lease_expires_is_failed_by_the_rescuer_and_its_task_rolled_up()
    {
        using var op = fx.Operator();
        var ids = await op.ImportAccountsAsync([OperatorApi.Unique("cp")]);
        var taskId = (await op.CreateTaskAsync(new { kind = "bulk_login", account_ids = ids, start = true, max_attempts = 1 })).GetProperty("id").GetInt32();
        using var dead = fx.Worker("dies-on-last-attempt");
        Assert.NotNull(await ClaimAsync(dead, taskId, leaseSeconds: 1));

        // Nobody claims again: only the Web's own lease rescuer can finish the item.
        JsonElement task;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(500);
            task = await op.GetTaskAsync(taskId);
        }
        while (task.GetProperty("status").GetString() == "running" && DateTime.UtcNow < deadline);

        var item = task.GetProperty("items")[0];
        Assert.Equal(("failed", "failed"), (item.GetProperty("status").GetString(), task.GetProperty("status").GetString()));
        Assert.Contains("lease expired", item.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_lease_is_rescued_and_claimed_again()
    {
        using var op = fx.Operator();
        var (taskId, _) = await StartedLoginTaskAsync(op, accounts: 1);
        using var dead = fx.Worker("dies-mid-item");
        using var alive = fx.Worker("survivor");

        var first = (await ClaimAsync(dead, taskId, leaseSeconds: 1))!.Value;
        var id = first.GetProperty("id").GetInt64();

        JsonElement? second = null;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (second is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            second = await ClaimAsync(alive, taskId);
        }

        Assert.NotNull(second);
        Assert.Equal(id, second.Value.GetProperty("id").GetInt64());
        Assert.Equal(2, second.Value.GetProperty("attempts").GetInt32());
        using var late = await dead.PatchAsJsonAsync($"/api/queries/{id}/", new { status = "done" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        using var renew = await dead.PostAsJsonAsync($"/api/queries/{id}/lease/", new { lease_seconds = 60 });
        Assert.Equal(HttpStatusCode.Conflict, renew.StatusCode);
        using var renewOwn = await alive.PostAsJsonAsync($"/api/queries/{id}/lease/", new { lease_seconds = 60 });
        Assert.Equal(HttpStatusCode.OK, renewOwn.StatusCode);
    }

    [Fact]
    public async Task A_retryable_failure_is_requeued_until_max_attempts_then_fails_with_the_reason()
    {
        using var op = fx.Operator();
        using var worker = fx.Worker("retrier");
        var accounts = await op.ImportAccountsAsync([OperatorApi.Unique("cp")]);
        var task = await op.CreateTaskAsync(new { kind = "bulk_login", account_ids = accounts, max_attempts = 2, start = true });
        var taskId = task.GetProperty("id").GetInt32();

        var first = (await ClaimAsync(worker, taskId))!.Value;
        using var fail1 = await worker.PatchAsJsonAsync($"/api/queries/{first.GetProperty("id").GetInt64()}/",
            new { status = "failed", error = "429 rate limited", retryable = true, retry_after_seconds = 0.1 });
        Assert.Equal("queued", (await fail1.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        JsonElement? second = null;
        for (var i = 0; i < 60 && second is null; i++)
        {
            await Task.Delay(200);
            second = await ClaimAsync(worker, taskId);
        }

        using var fail2 = await worker.PatchAsJsonAsync($"/api/queries/{second!.Value.GetProperty("id").GetInt64()}/",
            new { status = "failed", error = "still rate limited", retryable = true });
        Assert.Equal("failed", (await fail2.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        var finished = await op.WaitForTaskAsync(taskId, TimeSpan.FromSeconds(10));
        Assert.Equal("failed", finished.GetProperty("status").GetString());
        Assert.Equal("still rate limited", finished.GetProperty("items")[0].GetProperty("last_error").GetString());
    }

    [Fact]
    public async Task Eight_concurrent_claimers_process_2000_items_exactly_once_and_never_hold_an_account_twice()
    {
        using var op = fx.Operator();
        var accounts = await op.ImportAccountsAsync([.. Enumerable.Range(0, 200).Select(_ => OperatorApi.Unique("cp"))]);
        var tasks = new List<int>();
        for (var t = 0; t < 10; t++)
        {
            var created = await op.CreateTaskAsync(new { kind = "bulk_login", name = $"load {t}", account_ids = accounts, start = true });
            tasks.Add(created.GetProperty("id").GetInt32());
        }

        var processed = new ConcurrentDictionary<long, int>();
        var held = new ConcurrentDictionary<int, long>();
        var violations = new ConcurrentBag<string>();
        var claimers = Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            using var worker = fx.Worker($"claimer-{n}");
            var misses = 0;
            while (misses < 3)
            {
                using var response = await worker.PostAsync("/api/queries/claim_next/?kind=bulk_login", null);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    misses++;
                    await Task.Delay(100);
                    continue;
                }

                misses = 0;
                var item = await response.Content.ReadFromJsonAsync<JsonElement>();
                var id = item.GetProperty("id").GetInt64();
                if (!tasks.Contains(item.GetProperty("task_id").GetInt32()))
                {
                    continue;
                }

                var account = item.GetProperty("account").GetProperty("id").GetInt32();
                if (!held.TryAdd(account, id))
                {
                    violations.Add($"account {account} held by {held[account]} and {id}");
                }

                processed.AddOrUpdate(id, 1, (_, c) => c + 1);
                held.TryRemove(account, out _);
                using var done = await worker.PatchAsJsonAsync($"/api/queries/{id}/", new { status = "done" });
                if (done.StatusCode != HttpStatusCode.OK)
                {
                    violations.Add($"item {id}: PATCH {(int)done.StatusCode}");
                }
            }
        })).ToList();
        await Task.WhenAll(claimers);

        Assert.Empty(violations);
        Assert.Equal(2000, processed.Count);
        Assert.All(processed.Values, count => Assert.Equal(1, count));
        foreach (var id in tasks)
        {
            Assert.Equal("completed", (await op.WaitForTaskAsync(id, TimeSpan.FromSeconds(10))).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Jwt_login_and_refresh_follow_seed_003()
    {
        using var anonymous = fx.Anonymous();
        using var wrong = await anonymous.PostAsJsonAsync("/api/login/", new { username = "worker", password = "nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var login = await anonymous.PostAsJsonAsync("/api/login/", new { username = "worker", password = fx.WorkerPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        var access = tokens.GetProperty("access").GetString()!;
        var refresh = tokens.GetProperty("refresh").GetString()!;
        Assert.Equal("worker", tokens.GetProperty("user").GetProperty("username").GetString());

        Assert.Equal(HttpStatusCode.NotFound, await ClaimStatusAsync(access));
        Assert.Equal(HttpStatusCode.Unauthorized, await ClaimStatusAsync(refresh));

        using var refreshed = await anonymous.PostAsJsonAsync("/api/token/refresh/", new { refresh });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var newAccess = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access").GetString()!;
        Assert.Equal(HttpStatusCode.NotFound, await ClaimStatusAsync(newAccess));
        using var badRefresh = await anonymous.PostAsJsonAsync("/api/token/refresh/", new { refresh = access });
        Assert.Equal(HttpStatusCode.Unauthorized, badRefresh.StatusCode);
    }

    [Fact]
    public async Task Task_locks_conflict_while_held_by_another_owner()
    {
        using var worker = fx.Worker();
        var key = OperatorApi.Unique("lock");
        using var a = await worker.PostAsJsonAsync("/api/locks/acquire", new { key, owner = "a", ttl_seconds = 60 });
        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        using var b = await worker.PostAsJsonAsync("/api/locks/acquire", new { key, owner = "b", ttl_seconds = 60 });
        Assert.Equal(HttpStatusCode.Conflict, b.StatusCode);
        Assert.Equal("a", (await b.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("owner").GetString());
        using var wrongRelease = await worker.PostAsJsonAsync("/api/locks/release", new { key, owner = "b" });
        Assert.Equal(HttpStatusCode.Conflict, wrongRelease.StatusCode);
        using var release = await worker.PostAsJsonAsync("/api/locks/release", new { key, owner = "a" });
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        using var b2 = await worker.PostAsJsonAsync("/api/locks/acquire", new { key, owner = "b", ttl_seconds = 1 });
        Assert.Equal(HttpStatusCode.OK, b2.StatusCode);
        await Task.Delay(1500);
        using var takeover = await worker.PostAsJsonAsync("/api/locks/acquire", new { key, owner = "c", ttl_seconds = 60 });
        Assert.Equal(HttpStatusCode.OK, takeover.StatusCode);
        using var invalid = await worker.PostAsJsonAsync("/api/locks/acquire", new { owner = "c", ttl_seconds = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    private async Task<HttpStatusCode> ClaimStatusAsync(string bearer)
    {
        using var client = fx.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/queries/claim_next/?kind=cookie_robot&task_id=987654");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<(int TaskId, List<int> Accounts)> StartedLoginTaskAsync(HttpClient op, int accounts)
    {
        var ids = await op.ImportAccountsAsync([.. Enumerable.Range(0, accounts).Select(_ => OperatorApi.Unique("cp"))]);
        var task = await op.CreateTaskAsync(new { kind = "bulk_login", account_ids = ids, start = true });
        return (task.GetProperty("id").GetInt32(), ids);
    }

    private static async Task<JsonElement?> ClaimAsync(HttpClient worker, int taskId, int? leaseSeconds = null)
    {
        var url = $"/api/queries/claim_next/?task_id={taskId}" + (leaseSeconds is { } s ? $"&lease_seconds={s}" : "");
        using var response = await worker.PostAsync(url, null);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await OperatorApi.EnsureAsync(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
