using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>The account kinds besides bulk upload, each run through the topology against the Sandbox.</summary>
[Collection(TopologyCollection.Name)]
public sealed class AccountTaskTests(TopologyFixture fx)
{
    private readonly E2EKit _kit = new(fx);

    [Theory]
    [InlineData("instagrapi")]
    [InlineData("playwright")]
    public async Task Bulk_login_logs_in_and_saves_the_session_or_cookies(string method)
    {
        var twoFactor = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_login").WithTwoFactor(), new SandboxFaults(TwoFactor: true));
        var challenged = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_login").WithMailbox(), new SandboxFaults(Challenge: true));

        var (task, _) = await _kit.RunTaskAsync("bulk_login", [twoFactor, challenged], new { upload_method = method });

        Assert.True(E2EKit.Status(task) == "completed", E2EKit.Describe(task));
        foreach (var account in new[] { twoFactor, challenged })
        {
            var item = E2EKit.Item(task, account);
            Assert.Equal("done", item.GetProperty("status").GetString());
            Assert.Equal(1, item.GetProperty("success").GetInt32());
            var saved = await AccountAsync(account);
            Assert.NotNull(saved.GetProperty("last_login_at").GetString());
            if (method == "instagrapi")
            {
                Assert.True(saved.GetProperty("has_session").GetBoolean());
            }
            else
            {
                Assert.True(saved.GetProperty("cookies_count").GetInt32() > 0);
            }
        }
    }

    [Theory]
    [InlineData("instagrapi")]
    [InlineData("playwright")]
    public async Task Warmup_scrolls_likes_watches_stories_and_follows_with_counters(string method)
    {
        await _kit.Sandbox.AddProfileAsync(OperatorApi.Unique("e2e_feed"), posts: 3);
        await _kit.Sandbox.AddProfileAsync(OperatorApi.Unique("e2e_feed"), posts: 3);
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_warm"));

        var (task, _) = await _kit.RunTaskAsync("warmup", [account], new
        {
            feed_scrolls = 2, likes_min = 2, likes_max = 2, stories_min = 1, stories_max = 1, follows_min = 1, follows_max = 1,
            upload_method = method,
        });

        var item = E2EKit.Item(task, account);
        Assert.True(item.GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        Assert.Equal(2, item.GetProperty("likes").GetInt32());
        Assert.Equal(1, item.GetProperty("viewed").GetInt32());
        Assert.Equal(1, item.GetProperty("follows").GetInt32());
        Assert.Equal(2, (await _kit.Sandbox.ActionsAsync("like", account.Username)).Count);
        Assert.Single(await _kit.Sandbox.ActionsAsync("story_seen", account.Username));
        var feedViews = await _kit.Sandbox.ActionsAsync("feed_view", account.Username);
        Assert.Equal(method == "instagrapi" ? "timeline" : "web", feedViews[0].GetProperty("target").GetString());
        Assert.Equal(1, (await _kit.Sandbox.AccountAsync(account.Username)).GetProperty("following").GetInt32());
        await AssertSessionSavedAsync(account, method);
    }

    [Theory]
    [InlineData("instagrapi")]
    [InlineData("playwright")]
    public async Task Avatar_sets_the_profile_picture_from_the_media_library(string method)
    {
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_avatar"));
        var image = await _kit.UploadImageAsync();
        var sha = (await _kit.Operator.GetFromJsonAsync<JsonElement>($"/api/v1/media/{image}")).GetProperty("sha256").GetString();

        var (task, _) = await _kit.RunTaskAsync("avatar", [account], new { image_ids = new[] { image }, upload_method = method });

        var item = E2EKit.Item(task, account);
        Assert.True(item.GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        Assert.Equal(1, item.GetProperty("success").GetInt32());
        Assert.Equal(sha, (await _kit.Sandbox.AccountAsync(account.Username)).GetProperty("avatarSha256").GetString());
        await AssertSessionSavedAsync(account, method);
    }

    [Fact]
    public async Task Bio_sets_the_external_url_and_biography()
    {
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_bio"));

        var (task, _) = await _kit.RunTaskAsync("bio", [account], new { external_url = "https://example.com/e2e", biography = "Hello from e2e", upload_method = "instagrapi" });

        Assert.True(E2EKit.Item(task, account).GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        var profile = await _kit.Sandbox.AccountAsync(account.Username);
        Assert.Equal("https://example.com/e2e", profile.GetProperty("externalUrl").GetString()?.TrimEnd('/'));
        Assert.Equal("Hello from e2e", profile.GetProperty("biography").GetString());
        await AssertSessionSavedAsync(account, "instagrapi");
    }

    [Fact]
    public async Task Bio_on_the_web_sets_the_link_through_the_mobile_session_and_fails_clearly_without_one()
    {
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_wbio"));

        // instagram.com shows Website read-only, and this account has never logged in through the mobile API.
        var (refused, _) = await _kit.RunTaskAsync("bio", [account], new { external_url = "https://example.com/web", biography = "Hello from the web", upload_method = "playwright" });
        var item = E2EKit.Item(refused, account);
        Assert.True(item.GetProperty("status").GetString() == "failed", E2EKit.Describe(refused));
        Assert.Contains("only be changed in the Instagram app", item.GetProperty("last_error").GetString());
        Assert.Equal("", (await _kit.Sandbox.AccountAsync(account.Username)).GetProperty("biography").GetString());

        await _kit.RunTaskAsync("bulk_login", [account], new { upload_method = "instagrapi" });
        var (task, _) = await _kit.RunTaskAsync("bio", [account], new { external_url = "https://example.com/web", biography = "Hello from the web", upload_method = "playwright" });

        Assert.True(E2EKit.Item(task, account).GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        var profile = await _kit.Sandbox.AccountAsync(account.Username);
        Assert.Equal("https://example.com/web", profile.GetProperty("externalUrl").GetString()?.TrimEnd('/'));
        Assert.Equal("Hello from the web", profile.GetProperty("biography").GetString());
    }

    [Theory]
    [InlineData("instagrapi")]
    [InlineData("playwright")]
    public async Task Follow_follows_a_random_number_of_the_category_targets(string method)
    {
        var targets = new[] { OperatorApi.Unique("e2e_tgt"), OperatorApi.Unique("e2e_tgt"), OperatorApi.Unique("e2e_tgt") };
        foreach (var target in targets)
        {
            await _kit.Sandbox.AddProfileAsync(target, posts: 1);
        }

        var categoryId = await _kit.AddFollowCategoryAsync(targets);
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_follow"));

        var (task, _) = await _kit.RunTaskAsync("follow", [account], new { category_id = categoryId, follow_min = 2, follow_max = 2, upload_method = method });

        var item = E2EKit.Item(task, account);
        Assert.True(item.GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        Assert.Equal(2, item.GetProperty("follows").GetInt32());
        var follows = await _kit.Sandbox.ActionsAsync("follow", account.Username);
        Assert.Equal(2, follows.Count);
        Assert.All(follows, f => Assert.Contains(f.GetProperty("target").GetString(), targets));
        await AssertSessionSavedAsync(account, method);
    }

    [Fact]
    public async Task Cookie_robot_visits_the_sites_in_the_account_browser_and_saves_its_cookies()
    {
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_robot"));
        var sites = new[] { OperatorApi.Unique("news"), OperatorApi.Unique("shop") };
        var urls = sites.Select(s => new Uri(_kit.Sandbox.BaseUrl, $"sandbox/sites/{s}/home").ToString()).ToArray();

        var (task, _) = await _kit.RunTaskAsync("cookie_robot", [account], new { urls });

        Assert.True(E2EKit.Item(task, account).GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        Assert.True((await AccountAsync(account)).GetProperty("cookies_count").GetInt32() >= 2);
        var visits = await _kit.Sandbox.ActionsAsync("cookie_visit", null);
        Assert.All(sites, s => Assert.Contains(visits, v => v.GetProperty("detail").GetString() == s));
    }

    [Theory]
    [InlineData("warmup", "upload_method")]
    [InlineData("avatar", "method")]
    [InlineData("bio", "upload_method")]
    [InlineData("follow", "upload_method")]
    public async Task An_unknown_method_is_a_field_error(string kind, string key)
    {
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_method"));
        var options = new Dictionary<string, object> { [key] = "selenium" };

        using var response = await _kit.Operator.PostAsJsonAsync("/api/v1/tasks", new { kind, account_ids = new[] { account.Id }, options });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("playwright", errors.GetProperty($"options.{key}")[0].GetString(), StringComparison.Ordinal);
    }

    /// <summary>The method really used: the mobile way saves a session, the browser way saves cookies.</summary>
    private async Task AssertSessionSavedAsync(E2EAccount account, string method)
    {
        var saved = await AccountAsync(account);
        if (method == "instagrapi")
        {
            Assert.True(saved.GetProperty("has_session").GetBoolean());
        }
        else
        {
            Assert.True(saved.GetProperty("cookies_count").GetInt32() > 0);
            Assert.False(saved.GetProperty("has_session").GetBoolean());
        }
    }

    private async Task<JsonElement> AccountAsync(E2EAccount account) =>
        await _kit.Operator.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{account.Id}");
}
