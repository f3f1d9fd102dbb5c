using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>Its own topology started as ./run.sh starts it (--demo true): the demo data alone is enough to scrape.</summary>
public sealed class DemoScrapeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_demo_start_seeds_two_scraping_accounts_and_a_scrape_of_a_demo_profile_runs_to_done()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var app = await TopologyFixture.StartAsync(["--workers", "1", "--demo", "true"], cts.Token);
        using var api = app.CreateHttpClient("web");
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.Parameter("scraper-api-key"));

        // The seeder runs in the background once the Web is up.
        var accounts = await UntilAsync(async () =>
        {
            var list = await api.GetFromJsonAsync<JsonElement>("api/scrape-accounts");
            return list.EnumerateArray().Count(a => a.GetProperty("username").GetString()!.StartsWith("demo_scraper_", StringComparison.Ordinal)) == 2 ? list : (JsonElement?)null;
        });
        Assert.All(accounts.EnumerateArray(), a => Assert.Equal(("active", true), (a.GetProperty("status").GetString(), a.GetProperty("available").GetBoolean())));

        var created = await api.PostAsJsonAsync("api/tasks/scrape", new { usernames = new[] { "fit_alma" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var queued = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tasks")[0];

        var task = await UntilAsync(async () =>
        {
            var t = await api.GetFromJsonAsync<JsonElement>($"api/tasks/{queued.GetProperty("task_id").GetString()}");
            return t.GetProperty("status").GetString() is "done" or "failed" ? t : (JsonElement?)null;
        });
        Assert.True(task.GetProperty("status").GetString() == "done", task.ToString());
        var blog = await api.GetFromJsonAsync<JsonElement>($"api/blogs/{queued.GetProperty("blog_id").GetString()}");
        Assert.Equal(("fit alma", 3), (blog.GetProperty("full_name").GetString(), blog.GetProperty("recent_posts").GetArrayLength()));
    }

    private static async Task<JsonElement> UntilAsync(Func<Task<JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "gave up waiting");
            await Task.Delay(500);
        }
    }
}
