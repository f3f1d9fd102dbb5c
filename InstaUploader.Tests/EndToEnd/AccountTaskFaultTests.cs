using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>
/// How follow, warmup and avatar items fail and retry when Instagram blocks or throttles the account's actions,
/// in the browser as through the mobile API (the web-automation tests cover the browser actions alone).
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class AccountTaskFaultTests(TopologyFixture fx)
{
    private static readonly TimeSpan StaysQueuedFor = TimeSpan.FromSeconds(5);

    private readonly E2EKit _kit = new(fx);

    [Theory]
    [InlineData("playwright")]
    [InlineData("instagrapi")]
    public async Task A_wrong_password_leaves_the_account_login_required_with_the_error_and_when_it_happened(string method)
    {
        var wrong = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_pwacc") with { SandboxPassword = "the-real-password" });
        var before = DateTimeOffset.UtcNow;

        var (task, _) = await _kit.RunTaskAsync("bulk_login", [wrong], new { upload_method = method });

        Assert.True(E2EKit.Item(task, wrong).GetProperty("status").GetString() == "failed", E2EKit.Describe(task));
        var account = await _kit.Operator.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{wrong.Id}");
        Assert.Equal("login_required", account.GetProperty("status").GetString());
        Assert.Equal($"Wrong password for @{wrong.Username}", account.GetProperty("last_error").GetString());
        Assert.InRange(account.GetProperty("last_error_at").GetDateTimeOffset(), before.AddSeconds(-2), DateTimeOffset.UtcNow.AddSeconds(2));
    }

    [Theory]
    [InlineData("playwright")]
    [InlineData("instagrapi")]
    public async Task Feedback_required_while_following_fails_that_account_without_follows_while_the_other_completes(string method)
    {
        var targets = new[] { OperatorApi.Unique("e2e_tgt"), OperatorApi.Unique("e2e_tgt") };
        foreach (var target in targets)
        {
            await _kit.Sandbox.AddProfileAsync(target, posts: 1);
        }

        var categoryId = await _kit.AddFollowCategoryAsync(targets);
        var blocked = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_fbfol"), new SandboxFaults(FeedbackRequired: 1));
        var healthy = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_okfol"));

        // One attempt: feedback_required is retryable only after hours, so this is the item's last try and it fails now.
        var (task, _) = await _kit.RunTaskAsync("follow", [blocked, healthy],
            new { category_id = categoryId, follow_min = 2, follow_max = 2, upload_method = method }, maxAttempts: 1);

        Assert.True(E2EKit.Status(task) == "completed", E2EKit.Describe(task));
        var failed = E2EKit.Item(task, blocked);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        var reason = $"Instagram blocked actions of @{blocked.Username} (feedback_required)";
        Assert.Equal(reason, failed.GetProperty("last_error").GetString()); // no promise of a retry that will not come
        Assert.Single(failed.GetProperty("log").GetString()!.Split('\n'), line => line.Contains(reason, StringComparison.Ordinal));
        Assert.DoesNotContain("(will retry)", failed.GetProperty("log").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, failed.GetProperty("follows").GetInt32());
        Assert.Empty(await _kit.Sandbox.ActionsAsync("follow", blocked.Username));
        Assert.Equal(0, (await _kit.Sandbox.AccountAsync(blocked.Username)).GetProperty("following").GetInt32());

        var done = E2EKit.Item(task, healthy);
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal(2, done.GetProperty("follows").GetInt32());
        Assert.Equal(2, (await _kit.Sandbox.ActionsAsync("follow", healthy.Username)).Count);
    }

    [Theory]
    [InlineData("playwright")]
    [InlineData("instagrapi")]
    public async Task A_429_during_a_warmup_is_retried_after_its_retry_after_and_each_like_is_counted_once(string method)
    {
        await _kit.Sandbox.AddProfileAsync(OperatorApi.Unique("e2e_feed"), posts: 3);
        await _kit.Sandbox.AddProfileAsync(OperatorApi.Unique("e2e_feed"), posts: 3);
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_429warm"));
        // Logged in first, so the 429 does not fall on a password login: in the browser the saved cookies need no
        // request the Sandbox throttles, so it falls on the first like; the mobile API's saved-session check takes it.
        var (login, _) = await _kit.RunTaskAsync("bulk_login", [account], new { upload_method = method });
        Assert.True(E2EKit.Status(login) == "completed", E2EKit.Describe(login));
        await _kit.Sandbox.SetFaultsAsync(account.Username, new SandboxFaults(RateLimit: 1, RetryAfterSeconds: 1));

        var (task, _) = await _kit.RunTaskAsync("warmup", [account], new
        {
            feed_scrolls = 1, likes_min = 2, likes_max = 2, stories_min = 0, stories_max = 0, follows_min = 0, follows_max = 0,
            upload_method = method,
        });

        var item = E2EKit.Item(task, account);
        Assert.True(item.GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        Assert.Equal(2, item.GetProperty("attempts").GetInt32());
        var log = item.GetProperty("log").GetString()!;
        var throttled = log.IndexOf($"Instagram rate-limited @{account.Username} (429) (will retry)", StringComparison.Ordinal);
        Assert.True(throttled >= 0, log);
        if (method == "playwright")
        {
            Assert.InRange(log.IndexOf("Scrolled the feed", StringComparison.Ordinal), 0, throttled - 1); // a like was throttled, not the login
        }

        var likes = await _kit.Sandbox.ActionsAsync("like", account.Username);
        Assert.Equal(2, likes.Count);
        Assert.Equal(2, likes.Select(l => l.GetProperty("target").GetString()).Distinct().Count());
        Assert.Equal(likes.Count, item.GetProperty("likes").GetInt32());
        Assert.Equal(0, (await _kit.Sandbox.AccountAsync(account.Username)).GetProperty("faults").GetProperty("rateLimit").GetInt32());
    }

    [Theory]
    [InlineData("playwright")]
    [InlineData("instagrapi")]
    public async Task Feedback_required_on_the_avatar_puts_the_item_back_with_a_long_backoff_and_leaves_the_picture(string method)
    {
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_fbava"), new SandboxFaults(FeedbackRequired: 1));
        var image = await _kit.UploadImageAsync();
        var taskId = await _kit.StartTaskAsync("avatar", [account], new { image_ids = new[] { image }, upload_method = method });

        var item = await WaitForItemAsync(taskId, account, i => i.GetProperty("last_error").ValueKind != JsonValueKind.Null, E2EKit.TaskTimeout);
        try
        {
            Assert.Equal("queued", item.GetProperty("status").GetString());
            Assert.Equal(1, item.GetProperty("attempts").GetInt32());
            var reason = $"Instagram blocked actions of @{account.Username} (feedback_required)";
            Assert.Equal(reason, item.GetProperty("last_error").GetString());
            Assert.Contains(reason + " (will retry)", item.GetProperty("log").GetString(), StringComparison.Ordinal);

            // The queue's own backoff (seconds) would have run it again by now and succeeded: the fault was used up.
            var changed = await WaitForItemAsync(taskId, account, i => i.GetProperty("attempts").GetInt32() != 1, StaysQueuedFor);
            Assert.Equal(1, changed.GetProperty("attempts").GetInt32());
            Assert.Equal("queued", changed.GetProperty("status").GetString());
            Assert.Equal(0, changed.GetProperty("success").GetInt32());
            var profile = await _kit.Sandbox.AccountAsync(account.Username);
            Assert.Equal(JsonValueKind.Null, profile.GetProperty("avatarSha256").ValueKind);
            Assert.Empty(await _kit.Sandbox.ActionsAsync("avatar", account.Username));
        }
        finally
        {
            using var cancel = await _kit.Operator.PostAsync($"/api/v1/tasks/{taskId}/cancel", null);
            await OperatorApi.EnsureAsync(cancel);
        }
    }

    /// <summary>Polls the account's item until <paramref name="until"/> holds or the time is up; returns it as last seen.</summary>
    private async Task<JsonElement> WaitForItemAsync(int taskId, E2EAccount account, Func<JsonElement, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var item = E2EKit.Item(await _kit.Operator.GetTaskAsync(taskId), account);
            if (until(item) || DateTime.UtcNow > deadline)
            {
                return item;
            }

            await Task.Delay(300);
        }
    }
}
