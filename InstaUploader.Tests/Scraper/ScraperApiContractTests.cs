using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Tests.Scraper;

/// <summary>The scraper API (docs/protocol.md#scraper-api), example by example from the original's contract: paths, JSON field names and status codes.</summary>
[Collection(ScraperApiCollection.Name)]
public sealed class ScraperApiContractTests(ScraperFixture stack)
{
    private static readonly string[] TaskFields =
        ["id", "blog_id", "task_type", "status", "priority", "attempts", "error_message", "created_at", "started_at", "completed_at"];

    [Fact]
    public async Task Scrape_creates_full_scrape_tasks_and_answers_the_seed_shape()
    {
        var (a, b) = (ScraperFixture.UniqueName("blogger1"), ScraperFixture.UniqueName("blogger2"));

        var response = await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = new[] { a, b } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ScraperFixture.JsonAsync(response);
        Assert.Equal(["created", "skipped", "tasks"], Names(body));
        Assert.Equal((2, 0), (body.GetProperty("created").GetInt32(), body.GetProperty("skipped").GetInt32()));
        var tasks = body.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal([a, b], tasks.Select(t => t.GetProperty("username").GetString()));
        foreach (var t in tasks)
        {
            Assert.Equal(["task_id", "username", "blog_id", "status"], Names(t));
            Assert.Equal("created", t.GetProperty("status").GetString());
            Assert.True(Guid.TryParse(t.GetProperty("task_id").GetString(), out _));
            Assert.True(Guid.TryParse(t.GetProperty("blog_id").GetString(), out _));
        }

        var detail = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/tasks/{tasks[0].GetProperty("task_id").GetString()}"));
        Assert.Equal(("full_scrape", "pending", 3, 0), (detail.GetProperty("task_type").GetString(), detail.GetProperty("status").GetString(),
            detail.GetProperty("priority").GetInt32(), detail.GetProperty("attempts").GetInt32()));
        Assert.Equal(tasks[0].GetProperty("blog_id").GetString(), detail.GetProperty("blog_id").GetString());
    }

    [Fact]
    public async Task Scrape_skips_a_blog_with_a_pending_full_scrape_exactly_as_the_seed_shows()
    {
        var (a, b) = (ScraperFixture.UniqueName("blogger1"), ScraperFixture.UniqueName("blogger2"));
        var first = await ScraperFixture.JsonAsync(await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = new[] { b } }));
        var blogB = first.GetProperty("tasks")[0].GetProperty("blog_id").GetString();

        var response = await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = new[] { a, b } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ScraperFixture.JsonAsync(response);
        Assert.Equal((1, 1), (body.GetProperty("created").GetInt32(), body.GetProperty("skipped").GetInt32()));
        var skipped = body.GetProperty("tasks")[1];
        Assert.Equal(JsonValueKind.Null, skipped.GetProperty("task_id").ValueKind);
        Assert.Equal((b, blogB, "skipped"), (skipped.GetProperty("username").GetString(), skipped.GetProperty("blog_id").GetString(), skipped.GetProperty("status").GetString()));
        Assert.Equal("created", body.GetProperty("tasks")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Scrape_normalises_usernames_and_reuses_the_blog()
    {
        var name = ScraperFixture.UniqueName("norm");

        var body = await ScraperFixture.JsonAsync(await stack.Api.PostAsJsonAsync("api/tasks/scrape",
            new { usernames = new[] { $"@{name.ToUpperInvariant()}", $" https://www.instagram.com/{name}/ " } }));

        var tasks = body.GetProperty("tasks").EnumerateArray().ToList();
        Assert.All(tasks, t => Assert.Equal(name, t.GetProperty("username").GetString()));
        Assert.Equal(tasks[0].GetProperty("blog_id").GetString(), tasks[1].GetProperty("blog_id").GetString());
        Assert.Equal(["created", "skipped"], tasks.Select(t => t.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Ten_concurrent_identical_requests_create_one_pending_task_per_blog()
    {
        var names = Enumerable.Range(0, 5).Select(i => ScraperFixture.UniqueName($"race{i}")).ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = names })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(ScraperFixture.JsonAsync));
        Assert.Equal(names.Length, bodies.Sum(b => b.GetProperty("created").GetInt32()));
        Assert.Equal(names.Length * 9, bodies.Sum(b => b.GetProperty("skipped").GetInt32()));
        var blogIds = bodies.SelectMany(b => b.GetProperty("tasks").EnumerateArray()).GroupBy(t => t.GetProperty("username").GetString())
            .Select(g => g.Select(t => t.GetProperty("blog_id").GetString()).Distinct().Count());
        Assert.All(blogIds, count => Assert.Equal(1, count));

        var (blogs, pending) = await stack.Db(async db => (
            await db.Blogs.CountAsync(b => names.Contains(b.Username)),
            await db.ScrapeTasks.CountAsync(t => t.Status == "pending" && t.TaskType == "full_scrape" && names.Contains(t.Blog!.Username))));
        Assert.Equal((names.Length, names.Length), (blogs, pending));
    }

    [Theory]
    [InlineData("{}", "usernames")]
    [InlineData("{\"usernames\": []}", "usernames")]
    [InlineData("{\"usernames\": \"blogger1\"}", "usernames")]
    [InlineData("{\"usernames\": [\"not a name!\"]}", "usernames")]
    [InlineData("{\"usernames\": [null]}", "usernames")]
    [InlineData("{\"usernames\": [\"ok\",", "usernames")]
    [InlineData("{\"usernames\": [\"ok\"]", "body")]
    [InlineData("[]", "body")]
    [InlineData("", "body")]
    public async Task Scrape_rejects_bad_input_with_422_naming_the_field(string json, string field)
    {
        var response = await stack.Api.PostAsync("api/tasks/scrape", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertUnprocessableAsync(response, field);
    }

    [Fact]
    public async Task Scrape_rejects_101_usernames_with_422_and_creates_nothing()
    {
        var names = Enumerable.Range(0, 101).Select(i => $"too_many_{i}_{Guid.NewGuid():N}"[..28]).ToArray();

        var response = await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = names });

        var problem = await AssertUnprocessableAsync(response, "usernames");
        Assert.Contains("100", problem.GetProperty("errors").GetProperty("usernames")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await stack.Db(db => db.Blogs.CountAsync(b => names.Contains(b.Username))));

        var hundred = await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = names[..100] });
        Assert.Equal(HttpStatusCode.Created, hundred.StatusCode);
        Assert.Equal(100, (await ScraperFixture.JsonAsync(hundred)).GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task Discover_creates_a_task_and_answers_the_seed_shape()
    {
        var response = await stack.Api.PostAsJsonAsync("api/tasks/discover", new { hashtag = "алматымама", min_followers = 1000 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ScraperFixture.JsonAsync(response);
        Assert.Equal(["task_id", "hashtag"], Names(body));
        Assert.Equal("алматымама", body.GetProperty("hashtag").GetString());

        var detail = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/tasks/{body.GetProperty("task_id").GetString()}"));
        Assert.Equal(("discover", "pending", JsonValueKind.Null), (detail.GetProperty("task_type").GetString(), detail.GetProperty("status").GetString(),
            detail.GetProperty("blog_id").ValueKind));
        Assert.Equal("алматымама", detail.GetProperty("payload").GetProperty("hashtag").GetString());
        Assert.Equal(1000, detail.GetProperty("payload").GetProperty("min_followers").GetInt64());
    }

    [Theory]
    [InlineData("{\"min_followers\": 10}", "hashtag")]
    [InlineData("{\"hashtag\": \"#\", \"min_followers\": 10}", "hashtag")]
    [InlineData("{\"hashtag\": \"two words\"}", "hashtag")]
    [InlineData("{\"hashtag\": \"ok\", \"min_followers\": -1}", "min_followers")]
    [InlineData("{\"hashtag\": \"ok\", \"min_followers\": \"many\"}", "min_followers")]
    public async Task Discover_rejects_bad_input_with_422(string json, string field)
    {
        var response = await stack.Api.PostAsync("api/tasks/discover", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertUnprocessableAsync(response, field);
    }

    [Fact]
    public async Task List_filters_pages_and_answers_the_seed_shape()
    {
        var names = Enumerable.Range(0, 3).Select(i => ScraperFixture.UniqueName($"list{i}")).ToArray();
        await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = names });

        var response = await stack.Api.GetAsync("api/tasks?status=pending&task_type=full_scrape&limit=2&offset=0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ScraperFixture.JsonAsync(response);
        Assert.Equal(["tasks", "total", "limit", "offset"], Names(body));
        Assert.Equal((2, 0), (body.GetProperty("limit").GetInt32(), body.GetProperty("offset").GetInt32()));
        Assert.True(body.GetProperty("total").GetInt32() >= 3);
        var tasks = body.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(2, tasks.Count);
        foreach (var t in tasks)
        {
            Assert.Equal(TaskFields, Names(t));
            Assert.Equal(("full_scrape", "pending"), (t.GetProperty("task_type").GetString(), t.GetProperty("status").GetString()));
            Assert.Equal(JsonValueKind.Null, t.GetProperty("started_at").ValueKind);
            Assert.EndsWith("Z", t.GetProperty("created_at").GetString(), StringComparison.Ordinal);
        }

        var next = await ScraperFixture.JsonAsync(await stack.Api.GetAsync("api/tasks?status=pending&task_type=full_scrape&limit=2&offset=2"));
        Assert.DoesNotContain(next.GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("id").GetString()),
            id => tasks.Any(t => t.GetProperty("id").GetString() == id));
        var defaults = await ScraperFixture.JsonAsync(await stack.Api.GetAsync("api/tasks"));
        Assert.Equal((20, 0), (defaults.GetProperty("limit").GetInt32(), defaults.GetProperty("offset").GetInt32()));
        var discover = await ScraperFixture.JsonAsync(await stack.Api.GetAsync("api/tasks?task_type=discover&limit=100"));
        Assert.All(discover.GetProperty("tasks").EnumerateArray(), t => Assert.Equal("discover", t.GetProperty("task_type").GetString()));
    }

    [Theory]
    [InlineData("status=bogus", "status")]
    [InlineData("task_type=upload", "task_type")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=x", "offset")]
    public async Task List_rejects_bad_filters_with_422(string query, string field)
    {
        await AssertUnprocessableAsync(await stack.Api.GetAsync($"api/tasks?{query}"), field);
    }

    [Fact]
    public async Task Get_returns_the_task_with_payload_as_in_the_seed()
    {
        var name = ScraperFixture.UniqueName("one");
        var created = await ScraperFixture.JsonAsync(await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = new[] { name } }));
        var id = created.GetProperty("tasks")[0].GetProperty("task_id").GetString();

        var response = await stack.Api.GetAsync($"api/tasks/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ScraperFixture.JsonAsync(response);
        foreach (var field in new[] { "id", "blog_id", "task_type", "status", "priority", "attempts", "payload", "error_message", "created_at", "started_at", "completed_at" })
        {
            Assert.True(body.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal(name, body.GetProperty("payload").GetProperty("username").GetString());
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    [InlineData("not-a-uuid")]
    [InlineData("123")]
    public async Task Get_answers_404_for_unknown_or_malformed_ids(string id)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Api.GetAsync($"api/tasks/{id}")).StatusCode);
    }

    [Fact]
    public async Task Health_needs_no_key_and_answers_the_seed_shape()
    {
        var response = await stack.Anonymous.GetAsync("api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ScraperFixture.JsonAsync(response);
        Assert.Equal(["status", "accounts_total", "accounts_available", "tasks_running", "tasks_pending"], Names(body));
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("tasks_pending").GetInt32() >= 0);
    }

    [Fact]
    public async Task Health_counts_scraping_accounts_and_pending_tasks()
    {
        var before = await ScraperFixture.JsonAsync(await stack.Anonymous.GetAsync("api/health"));
        await stack.AddScrapeAccountAsync("hc");
        await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = new[] { ScraperFixture.UniqueName("hp") } });

        var after = await ScraperFixture.JsonAsync(await stack.Anonymous.GetAsync("api/health"));

        Assert.Equal(before.GetProperty("accounts_total").GetInt32() + 1, after.GetProperty("accounts_total").GetInt32());
        Assert.Equal(before.GetProperty("accounts_available").GetInt32() + 1, after.GetProperty("accounts_available").GetInt32());
        Assert.Equal(before.GetProperty("tasks_pending").GetInt32() + 1, after.GetProperty("tasks_pending").GetInt32());
    }

    [Theory]
    [InlineData("POST", "api/tasks/scrape", "{\"usernames\": [\"x\"]}")]
    [InlineData("POST", "api/tasks/scrape", "not json at all")]
    [InlineData("POST", "api/tasks/discover", "{\"hashtag\": \"x\"}")]
    [InlineData("GET", "api/tasks", null)]
    [InlineData("GET", "api/tasks/00000000-0000-0000-0000-000000000001", null)]
    [InlineData("GET", "api/blogs/00000000-0000-0000-0000-000000000001", null)]
    [InlineData("GET", "api/scrape-accounts", null)]
    public async Task Every_route_but_health_answers_401_without_or_with_a_wrong_key(string method, string path, string? json)
    {
        foreach (var key in new[] { null, "wrong-key", ScraperFixture.ApiKey + "x" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            if (key is not null)
            {
                request.Headers.Authorization = new("Bearer", key);
            }

            var response = await stack.Anonymous.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_api_answers_on_the_web_port_and_on_SCRAPER_PORT()
    {
        using var web = new HttpClient { BaseAddress = stack.WebUrl };
        web.DefaultRequestHeaders.Authorization = new("Bearer", ScraperFixture.ApiKey);

        Assert.NotEqual(stack.WebUrl.Port, stack.ScraperUrl.Port);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("api/tasks?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stack.Api.GetAsync("api/tasks?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("api/health")).StatusCode);
    }

    [Fact]
    public async Task A_new_blog_is_readable_before_it_is_scraped()
    {
        var name = ScraperFixture.UniqueName("blog");
        var created = await ScraperFixture.JsonAsync(await stack.Api.PostAsJsonAsync("api/tasks/scrape", new { usernames = new[] { name } }));
        var blogId = created.GetProperty("tasks")[0].GetProperty("blog_id").GetString();

        var blog = await ScraperFixture.JsonAsync(await stack.Api.GetAsync($"api/blogs/{blogId}"));

        Assert.Equal((name, "instagram", JsonValueKind.Null), (blog.GetProperty("username").GetString(), blog.GetProperty("platform").GetString(),
            blog.GetProperty("scraped_at").ValueKind));
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Api.GetAsync($"api/blogs/{Guid.NewGuid()}")).StatusCode);
    }

    [Theory]
    [InlineData("not a proxy")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("ftp://host:21/path")]
    public async Task A_scraping_account_with_a_malformed_proxy_is_422_on_the_proxy_field_and_not_saved(string proxy)
    {
        var username = ScraperFixture.UniqueName("badprx");

        var response = await stack.Api.PostAsJsonAsync("api/scrape-accounts", new { username, password = "pw", proxy });

        await AssertUnprocessableAsync(response, "proxy");
        Assert.DoesNotContain(username, await stack.Api.GetStringAsync("api/scrape-accounts"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scraping_accounts_are_listed_without_secrets()
    {
        var username = await stack.AddScrapeAccountAsync("sec");

        var text = await stack.Api.GetStringAsync("api/scrape-accounts");

        Assert.Contains(username, text, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-" + username, text, StringComparison.Ordinal);
        Assert.DoesNotContain("password", text, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> AssertUnprocessableAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ScraperFixture.JsonAsync(response);
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"errors lacks '{field}': {problem}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        return problem;
    }

    private static string[] Names(JsonElement o) => [.. o.EnumerateObject().Select(p => p.Name)];
}
