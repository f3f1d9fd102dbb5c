using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Sandbox.State;
using InstaUploader.Tests.Runners;
using InstaUploader.Worker.Runners;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Tests.Scraper;

/// <summary>Scrape tasks run by the worker's ScrapeRunner against the Sandbox's Instagram, from API request to stored result.</summary>
[Collection(ScraperRunCollection.Name)]
public sealed class ScrapeRunTests(ScraperFixture stack)
{
    [Fact]
    public async Task Full_scrape_runs_to_done_and_stores_the_profile_and_recent_posts()
    {
        var worker = new ScrapeWorkerDriver(stack);
        await worker.DrainAsync();
        var account = await stack.AddScrapeAccountAsync();
        var name = ScraperFixture.UniqueName("creator");
        var now = DateTimeOffset.UtcNow;
        await stack.SeedProfileAsync(new SandboxProfile
        {
            Pk = 70_000_000 + Random.Shared.Next(10_000_000),
            Username = name,
            FullName = "Алия Creator",
            Biography = "I make reels",
            FollowerCount = 12_345,
            FollowingCount = 67,
            Posts = [.. Enumerable.Range(1, 15).Select(i => new SandboxProfilePost(90_000_000 + Random.Shared.Next(1_000_000) * 100 + i,
                $"C{i}x", $"post {i}", i * 10, i, ["food"], now.AddHours(-i)))],
        });
        var created = await ScraperFixture.JsonAsync(await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = new[] { name } }));
        var taskId = created.GetProperty("tasks")[0].GetProperty("task_id").GetString()!;
        var blogId = created.GetProperty("tasks")[0].GetProperty("blog_id").GetString()!;

        var task = await worker.RunUntilFinishedAsync(taskId);

        Assert.True(worker.ClaimedOverHttp, "claims should go through POST /api/queries/claim_next/?kind=full_scrape");
        Assert.Equal(("done", 1, JsonValueKind.Null), (task.GetProperty("status").GetString(), task.GetProperty("attempts").GetInt32(),
            task.GetProperty("error_message").ValueKind));
        Assert.NotEqual(JsonValueKind.Null, task.GetProperty("started_at").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, task.GetProperty("completed_at").ValueKind);
        Assert.False(task.GetProperty("result").TryGetProperty("account_state", out _), "the account's session must not be stored on the task");

        var blog = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/blogs/{blogId}"));
        Assert.Equal(("Алия Creator", "I make reels", 12_345L, 67L, 15L),
            (blog.GetProperty("full_name").GetString(), blog.GetProperty("biography").GetString(), blog.GetProperty("follower_count").GetInt64(),
                blog.GetProperty("following_count").GetInt64(), blog.GetProperty("media_count").GetInt64()));
        var posts = blog.GetProperty("recent_posts").EnumerateArray().ToList();
        Assert.Equal(12, posts.Count);
        Assert.Equal(("C1x", "post 1", 10L, 1L), (posts[0].GetProperty("code").GetString(), posts[0].GetProperty("caption").GetString(),
            posts[0].GetProperty("like_count").GetInt64(), posts[0].GetProperty("comment_count").GetInt64()));
        Assert.NotEqual(JsonValueKind.Null, blog.GetProperty("scraped_at").ValueKind);

        // The account's lock is released and its session kept for the next claim.
        var health = await ScraperFixture.JsonAsync(await stack.Anonymous.GetAsync("api/health"));
        Assert.Equal(0, health.GetProperty("tasks_running").GetInt32());
        var accounts = await ScraperFixture.JsonAsync(await stack.Api.GetAsync("api/scrape-accounts"));
        Assert.All(accounts.EnumerateArray(), a => Assert.True(
            a.GetProperty("locked_until").ValueKind == JsonValueKind.Null || a.GetProperty("locked_until").GetDateTimeOffset() <= DateTimeOffset.UtcNow));
        var again = await ScraperFixture.JsonAsync(await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = new[] { name } }));
        Assert.Equal("created", again.GetProperty("tasks")[0].GetProperty("status").GetString());
        Assert.NotNull(await StoredSessionAsync(account));
        var claim = await worker.ClaimAsync("full_scrape");
        Assert.NotNull(claim);
        // Accounts rotate least-recently-used first, so the claim may bring another account: whichever it is, it carries that account's session.
        var claimed = claim.ScrapeAccount!.Username;
        Assert.Equal(await StoredSessionAsync(claimed) is not null, claim.ScrapeAccount!.Session is not null);
        var outcome = await worker.RunAsync(claim);
        Assert.True(outcome.Success, outcome.Error);
        Assert.Equal(200, await worker.ReportAsync(claim, outcome));
    }

    [Fact]
    public async Task Discover_runs_to_done_and_queues_full_scrape_for_authors_with_enough_followers_in_priority_order()
    {
        var worker = new ScrapeWorkerDriver(stack);
        await worker.DrainAsync();
        await stack.AddScrapeAccountAsync();
        var tag = "алматымама" + Guid.NewGuid().ToString("N")[..8];
        var (big, mid, small) = (ScraperFixture.UniqueName("big"), ScraperFixture.UniqueName("mid"), ScraperFixture.UniqueName("small"));
        foreach (var (name, followers) in new[] { (big, 5_000L), (mid, 1_000L), (small, 999L) })
        {
            await stack.SeedProfileAsync(new SandboxProfile
            {
                Pk = 60_000_000 + Random.Shared.Next(10_000_000),
                Username = name,
                FollowerCount = followers,
                Posts = [new SandboxProfilePost(80_000_000 + Random.Shared.Next(10_000_000), $"D{followers}", $"#{tag}", 5, 1, [tag], DateTimeOffset.UtcNow)],
            });
        }

        var created = await stack.Api.PostAsJsonAsync("api/tasks/discover", new { hashtag = "#" + tag, min_followers = 1000 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var taskId = (await ScraperFixture.JsonAsync(created)).GetProperty("task_id").GetString()!;

        var run = await worker.RunOneAsync("discover");

        Assert.NotNull(run);
        Assert.True(run.Value.Outcome.Success, run.Value.Outcome.Error);
        var task = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/tasks/{taskId}"));
        Assert.Equal(("done", 1), (task.GetProperty("status").GetString(), task.GetProperty("attempts").GetInt32()));
        var queued = task.GetProperty("result").GetProperty("queued").EnumerateArray().ToList();
        Assert.Equal([big, mid], queued.Select(q => q.GetProperty("username").GetString()).Order());
        var pending = await ScraperFixture.JsonAsync(await stack.Api.GetAsync("api/tasks?status=pending&task_type=full_scrape&limit=100"));
        var queuedBlogs = queued.Select(q => q.GetProperty("blog_id").GetString()).ToHashSet();
        var discovered = pending.GetProperty("tasks").EnumerateArray().Where(t => queuedBlogs.Contains(t.GetProperty("blog_id").GetString())).ToList();
        Assert.Equal(2, discovered.Count);
        Assert.All(discovered, t => Assert.Equal(1, t.GetProperty("priority").GetInt32()));
        Assert.Equal(0, await stack.Db(db => db.Blogs.CountAsync(b => b.Username == small)));

        // An operator's request (priority 3) overtakes the older discovered tasks (priority 1).
        var urgent = ScraperFixture.UniqueName("urgent");
        await stack.SeedProfileAsync(new SandboxProfile { Pk = 50_000_000 + Random.Shared.Next(10_000_000), Username = urgent, FollowerCount = 1 });
        await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = new[] { urgent } });
        var next = await worker.RunOneAsync("full_scrape");
        Assert.Equal(urgent, next!.Value.Work.Payload.GetProperty("username").GetString());

        foreach (var t in discovered)
        {
            Assert.Equal("done", (await worker.RunUntilFinishedAsync(t.GetProperty("id").GetString()!)).GetProperty("status").GetString());
        }

        var bigBlog = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/blogs/{queued.Single(q => q.GetProperty("username").GetString() == big).GetProperty("blog_id").GetString()}"));
        Assert.Equal(5_000, bigBlog.GetProperty("follower_count").GetInt64());
        Assert.Equal($"#{tag}", bigBlog.GetProperty("recent_posts")[0].GetProperty("caption").GetString());
    }

    [Fact]
    public async Task A_short_429_is_waited_out_with_backoff_and_the_scrape_still_finishes_on_its_first_attempt()
    {
        var worker = new ScrapeWorkerDriver(stack);
        await worker.DrainAsync();
        var account = await stack.AddScrapeAccountAsync("thr");
        var name = await SeedSimpleProfileAsync();
        var taskId = await QueueScrapeAsync(name);
        await stack.SetFaultsAsync(account, new SandboxFaults { RateLimit = 2, RetryAfterSeconds = 1 });

        var run = await worker.RunOneAsync("full_scrape");

        Assert.NotNull(run);
        Assert.True(run.Value.Outcome.Success, run.Value.Outcome.Error);
        var task = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/tasks/{taskId}"));
        Assert.Equal(("done", 1), (task.GetProperty("status").GetString(), task.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task A_long_429_hands_the_task_back_and_takes_the_account_out_of_rotation()
    {
        var worker = new ScrapeWorkerDriver(stack);
        await worker.DrainAsync();
        var account = await stack.AddScrapeAccountAsync("lim");
        var name = await SeedSimpleProfileAsync();
        var taskId = await QueueScrapeAsync(name);
        await stack.SetFaultsAsync(account, new SandboxFaults { RateLimit = 1_000, RetryAfterSeconds = 120 });
        var before = await ScraperFixture.JsonAsync(await stack.Anonymous.GetAsync("api/health"));

        var run = await worker.RunOneAsync("full_scrape");

        Assert.NotNull(run);
        Assert.Equal(account, run.Value.Work.ScrapeAccount!.Username);
        Assert.False(run.Value.Outcome.Success);
        var task = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/tasks/{taskId}"));
        Assert.Equal(("pending", 1), (task.GetProperty("status").GetString(), task.GetProperty("attempts").GetInt32()));
        Assert.False(string.IsNullOrEmpty(task.GetProperty("error_message").GetString()));
        var accounts = await ScraperFixture.JsonAsync(await stack.Api.GetAsync("api/scrape-accounts"));
        var limited = accounts.EnumerateArray().Single(a => a.GetProperty("username").GetString() == account);
        Assert.False(limited.GetProperty("available").GetBoolean());
        Assert.True(limited.GetProperty("rate_limited_until").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(60));
        var after = await ScraperFixture.JsonAsync(await stack.Anonymous.GetAsync("api/health"));
        Assert.Equal(before.GetProperty("accounts_available").GetInt32() - 1, after.GetProperty("accounts_available").GetInt32());

        // Another account picks it up.
        await stack.AddScrapeAccountAsync("alt");
        var final = await worker.RunUntilFinishedAsync(taskId);
        Assert.Equal(("done", 2), (final.GetProperty("status").GetString(), final.GetProperty("attempts").GetInt32()));
    }

    [Fact]
    public async Task Scraping_goes_through_the_account_proxy_and_a_dead_proxy_takes_the_account_out_of_rotation()
    {
        var worker = new ScrapeWorkerDriver(stack);
        await worker.DrainAsync();
        var via = "scrapeproxy-" + Guid.NewGuid().ToString("N")[..8];
        await using var tinyproxy = await Tinyproxy.StartAsync([stack.SandboxUrl.Port], viaName: via);

        var proxied = await stack.AddScrapeAccountAsync("prx", proxy: $"http://scraper:pr0xy-s3cret@127.0.0.1:{tinyproxy.Port}");
        var listed = await AccountAsync(proxied);
        Assert.Equal($"http://scraper@127.0.0.1:{tinyproxy.Port}", listed.GetProperty("proxy").GetString());
        Assert.DoesNotContain("pr0xy-s3cret", (await stack.Api.GetStringAsync("api/scrape-accounts")), StringComparison.Ordinal);
        var taskId = await QueueScrapeAsync(await SeedSimpleProfileAsync());

        var run = await worker.RunOneAsync("full_scrape");

        Assert.NotNull(run);
        Assert.Equal(proxied, run.Value.Work.ScrapeAccount!.Username);
        Assert.True(run.Value.Outcome.Success, run.Value.Outcome.Error);
        Assert.Equal("done", (await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/tasks/{taskId}"))).GetProperty("status").GetString());
        var traffic = await ScraperFixture.JsonAsync(await stack.Sandbox.GetAsync($"sandbox/api/accounts/{proxied}/mobile-traffic"));
        Assert.True(traffic.GetProperty("requests").GetInt32() >= 2, traffic.ToString());
        Assert.Equal(traffic.GetProperty("requests").GetInt32(), traffic.GetProperty("proxiedRequests").GetInt32());
        Assert.Contains(via, traffic.GetProperty("lastVia").GetString(), StringComparison.Ordinal);

        // A proxy nobody listens on: the task goes back for another account, this one waits for an operator.
        var dead = await stack.AddScrapeAccountAsync("dprx", proxy: $"127.0.0.1:{Tinyproxy.FreePort()}");
        taskId = await QueueScrapeAsync(await SeedSimpleProfileAsync());

        run = await worker.RunOneAsync("full_scrape");

        Assert.NotNull(run);
        Assert.Equal(dead, run.Value.Work.ScrapeAccount!.Username);
        Assert.False(run.Value.Outcome.Success);
        var task = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/tasks/{taskId}"));
        Assert.Equal(("pending", 1), (task.GetProperty("status").GetString(), task.GetProperty("attempts").GetInt32()));
        Assert.Contains("Proxy http://127.0.0.1:", task.GetProperty("error_message").GetString(), StringComparison.Ordinal);
        var failed = await AccountAsync(dead);
        Assert.Equal(("proxy_failed", false), (failed.GetProperty("status").GetString(), failed.GetProperty("available").GetBoolean()));
        Assert.Contains("Proxy", failed.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Sandbox.GetAsync($"sandbox/api/accounts/{dead}/mobile-traffic")).StatusCode);

        // Saving the account again with a working proxy puts it back in rotation.
        var fixedUp = await stack.Api.PostAsJsonAsync("api/scrape-accounts", new { username = dead, password = "pw-" + dead, proxy = $"127.0.0.1:{tinyproxy.Port}" });
        Assert.Equal(HttpStatusCode.Created, fixedUp.StatusCode);
        Assert.Equal(("active", true), ((await AccountAsync(dead)).GetProperty("status").GetString(), (await AccountAsync(dead)).GetProperty("available").GetBoolean()));
        Assert.Equal("done", (await worker.RunUntilFinishedAsync(taskId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unknown_user_fails_with_attempts_and_error_message()
    {
        var worker = new ScrapeWorkerDriver(stack);
        await worker.DrainAsync();
        await stack.AddScrapeAccountAsync();
        var taskId = await QueueScrapeAsync(ScraperFixture.UniqueName("ghost"));

        var task = await worker.RunUntilFinishedAsync(taskId);

        Assert.Equal(("failed", 1), (task.GetProperty("status").GetString(), task.GetProperty("attempts").GetInt32()));
        Assert.Contains("not found", task.GetProperty("error_message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(JsonValueKind.Null, task.GetProperty("completed_at").ValueKind);
    }

    [Fact]
    public async Task Expired_leases_are_rescued_with_attempts_kept_and_fail_after_three()
    {
        var worker = new ScrapeWorkerDriver(stack);
        await worker.DrainAsync();
        await stack.AddScrapeAccountAsync();
        var taskId = await QueueScrapeAsync(await SeedSimpleProfileAsync());

        ClaimedWork? last = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            last = await worker.ClaimAsync("full_scrape", lease: TimeSpan.FromSeconds(1));
            Assert.NotNull(last);
            Assert.Equal((taskId, attempt), (last.Id, last.Attempts));
            // The Web's own rescuer may get there first; either way the task comes back (or fails) once the lease ends.
            var rescued = await RescuedAsync(taskId);
            Assert.Equal((attempt < 3 ? "pending" : "failed", attempt), (rescued.GetProperty("status").GetString(), rescued.GetProperty("attempts").GetInt32()));
        }

        var task = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/tasks/{taskId}"));
        Assert.Equal(("failed", 3), (task.GetProperty("status").GetString(), task.GetProperty("attempts").GetInt32()));
        Assert.Contains("expired", task.GetProperty("error_message").GetString(), StringComparison.Ordinal);

        // A late report from the worker that lost the lease is refused.
        Assert.Equal(409, await worker.ReportAsync(last!, WorkOutcome.Ok(new { follower_count = 1, following_count = 1, media_count = 0 })));
    }

    [Fact]
    public async Task The_webs_one_lease_rescuer_returns_an_expired_scrape_task()
    {
        var worker = new ScrapeWorkerDriver(stack);
        await worker.DrainAsync();
        await stack.AddScrapeAccountAsync();
        var taskId = await QueueScrapeAsync(await SeedSimpleProfileAsync());

        var claim = await worker.ClaimAsync("full_scrape", lease: TimeSpan.FromSeconds(1));
        Assert.Equal(taskId, claim!.Id);

        // No rescue is run from here: the Web's LeaseRescuer, which rescues every work source, brings the task back.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement task;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            task = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/tasks/{taskId}"));
        }
        while (task.GetProperty("status").GetString() == "running" && DateTime.UtcNow < deadline);

        Assert.Equal(("pending", 1), (task.GetProperty("status").GetString(), task.GetProperty("attempts").GetInt32()));
        Assert.Contains("expired", task.GetProperty("error_message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>Runs the rescuer until the task is no longer running (bounded): a loaded machine may answer late.</summary>
    private async Task<JsonElement> RescuedAsync(string taskId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            await stack.Queue(q => q.RescueExpiredAsync(CancellationToken.None));
            var task = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/tasks/{taskId}"));
            if (task.GetProperty("status").GetString() != "running" || DateTime.UtcNow > deadline)
            {
                return task;
            }
        }
    }

    [Fact]
    public async Task Only_the_lease_owner_may_report_and_reports_are_validated()
    {
        var worker = new ScrapeWorkerDriver(stack);
        await worker.DrainAsync();
        await stack.AddScrapeAccountAsync();
        var taskId = await QueueScrapeAsync(await SeedSimpleProfileAsync());
        var claim = await worker.ClaimAsync("full_scrape");
        Assert.Equal(taskId, claim!.Id);

        Assert.Equal(409, await worker.ReportAsync(claim, WorkOutcome.Fail("x"), owner: "someone-else"));
        Assert.Equal(422, await worker.ReportAsync(claim, WorkOutcome.Ok(new { follower_count = "lots" })));
        Assert.Equal(200, await worker.ReportAsync(claim, WorkOutcome.Fail("boom")));

        var task = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/tasks/{taskId}"));
        Assert.Equal(("failed", "boom"), (task.GetProperty("status").GetString(), task.GetProperty("error_message").GetString()));
    }

    private Task<string?> StoredSessionAsync(string username) =>
        stack.Db(db => db.ScrapeAccounts.Where(a => a.Username == username).Select(a => a.Session).SingleAsync());

    private async Task<JsonElement> AccountAsync(string username) =>
        (await ScraperFixture.JsonAsync(await stack.Api.GetAsync("api/scrape-accounts"))).EnumerateArray()
            .Single(a => a.GetProperty("username").GetString() == username);

    private async Task<string> SeedSimpleProfileAsync()
    {
        var name = ScraperFixture.UniqueName("p");
        await stack.SeedProfileAsync(new SandboxProfile
        {
            Pk = 40_000_000 + Random.Shared.Next(10_000_000),
            Username = name,
            FullName = "P",
            FollowerCount = 10,
            Posts = [new SandboxProfilePost(30_000_000 + Random.Shared.Next(10_000_000), "S1", "hello", 1, 0, [], DateTimeOffset.UtcNow)],
        });
        return name;
    }

    private async Task<string> QueueScrapeAsync(string name)
    {
        var created = await ScraperFixture.JsonAsync(await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = new[] { name } }));
        return created.GetProperty("tasks")[0].GetProperty("task_id").GetString()!;
    }
}
