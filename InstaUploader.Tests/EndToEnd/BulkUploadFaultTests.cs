using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>How bulk upload items fail and retry when Instagram refuses, throttles, blocks or drops the connection.</summary>
[Collection(TopologyCollection.Name)]
public sealed class BulkUploadFaultTests(TopologyFixture fx)
{
    private readonly E2EKit _kit = new(fx);

    [Theory]
    [InlineData("playwright")]
    [InlineData("instagrapi")]
    public async Task A_wrong_password_fails_its_item_with_a_clear_log_while_the_others_complete(string method)
    {
        var wrong = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_badpw") with { SandboxPassword = "the-real-password" });
        var good = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_good"));
        var media = await _kit.UploadVideosAsync(1);

        var (task, _) = await _kit.RunTaskAsync("bulk_upload", [wrong, good], new { upload_method = method },
            [new { media_id = media[0], title = "Only one" }]);

        Assert.True(E2EKit.Status(task) == "completed", E2EKit.Describe(task));
        var failed = E2EKit.Item(task, wrong);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(1, failed.GetProperty("attempts").GetInt32());
        Assert.Equal($"Wrong password for @{wrong.Username}", failed.GetProperty("last_error").GetString());
        Assert.Contains($"Wrong password for @{wrong.Username}", failed.GetProperty("log").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, failed.GetProperty("failed").GetInt32());
        Assert.Empty(await _kit.Sandbox.PostsAsync(wrong.Username));

        Assert.Equal("done", E2EKit.Item(task, good).GetProperty("status").GetString());
        Assert.Single(await _kit.Sandbox.PostsAsync(good.Username));
    }

    [Theory]
    [InlineData("playwright")]
    [InlineData("instagrapi")]
    public async Task A_429_is_retried_after_its_retry_after_and_then_succeeds(string method)
    {
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_429"), new SandboxFaults(RateLimit: 1, RetryAfterSeconds: 1));
        var media = await _kit.UploadVideosAsync(1);

        var (task, _) = await _kit.RunTaskAsync("bulk_upload", [account], new { upload_method = method }, [new { media_id = media[0], title = "After 429" }]);

        var item = E2EKit.Item(task, account);
        Assert.True(item.GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        Assert.Equal(2, item.GetProperty("attempts").GetInt32());
        Assert.Contains("rate-limited", item.GetProperty("log").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, item.GetProperty("success").GetInt32());
        Assert.Equal(["After 429"], BulkUploadTests.Captions(await _kit.Sandbox.PostsAsync(account.Username)));
    }

    [Fact]
    public async Task Feedback_required_puts_the_item_back_with_a_long_backoff()
    {
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_fb"), new SandboxFaults(FeedbackRequired: 1));
        var media = await _kit.UploadVideosAsync(1);
        var taskId = await _kit.StartTaskAsync("bulk_upload", [account], new { upload_method = "instagrapi" }, [new { media_id = media[0], title = "Blocked" }]);

        var deadline = DateTime.UtcNow + E2EKit.TaskTimeout;
        System.Text.Json.JsonElement item;
        do
        {
            await Task.Delay(300);
            item = E2EKit.Item(await _kit.Operator.GetTaskAsync(taskId), account);
        }
        while (item.GetProperty("last_error").ValueKind == System.Text.Json.JsonValueKind.Null && DateTime.UtcNow < deadline);

        // Queued again, but not run again within the test's time: the backoff is hours, not seconds.
        Assert.Contains("feedback_required", item.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(5));
        item = E2EKit.Item(await _kit.Operator.GetTaskAsync(taskId), account);
        Assert.Equal("queued", item.GetProperty("status").GetString());
        Assert.Equal(1, item.GetProperty("attempts").GetInt32());
        Assert.Empty(await _kit.Sandbox.PostsAsync(account.Username));
        using var cancel = await _kit.Operator.PostAsync($"/api/v1/tasks/{taskId}/cancel", null);
        await OperatorApi.EnsureAsync(cancel);
    }

    [Fact]
    public async Task A_challenge_without_mail_credentials_fails_at_once_with_the_reason()
    {
        // Instagram knows a mailbox, but the Web has no e-mail login/password for the account.
        var account = E2EAccount.Unique("e2e_nomail");
        await _kit.AddAccountAsync(account, new SandboxFaults(Challenge: true), onInstagram: account.WithMailbox());
        var media = await _kit.UploadVideosAsync(1);

        var (task, _) = await _kit.RunTaskAsync("bulk_upload", [account], new { upload_method = "instagrapi" }, [new { media_id = media[0], title = "x" }]);

        var item = E2EKit.Item(task, account);
        Assert.Equal("failed", item.GetProperty("status").GetString());
        Assert.Equal(1, item.GetProperty("attempts").GetInt32());
        Assert.Contains("no e-mail login/password", item.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("playwright")]
    [InlineData("instagrapi")]
    public async Task A_dropped_upload_is_tried_again_in_the_same_run_and_posted_once(string method)
    {
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_drop"), new SandboxFaults(DropUpload: 1));
        var media = await _kit.UploadVideosAsync(2);

        var (task, _) = await _kit.RunTaskAsync("bulk_upload", [account], new { upload_method = method },
            [new { media_id = media[0], title = "One" }, new { media_id = media[1], title = "Two" }]);

        var item = E2EKit.Item(task, account);
        Assert.True(item.GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        Assert.Equal(1, item.GetProperty("attempts").GetInt32());
        Assert.Contains("broke", item.GetProperty("log").GetString(), StringComparison.Ordinal);
        Assert.Equal(["One", "Two"], BulkUploadTests.Captions(await _kit.Sandbox.PostsAsync(account.Username)));
    }

    [Theory]
    [InlineData("playwright")]
    [InlineData("instagrapi")]
    public async Task A_reel_whose_publish_answer_was_lost_is_not_posted_again(string method)
    {
        var account = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_lost"), new SandboxFaults(DropPublishAnswer: 1));
        var media = await _kit.UploadVideosAsync(2);

        var (task, _) = await _kit.RunTaskAsync("bulk_upload", [account], new { upload_method = method },
            [new { media_id = media[0], title = "One" }, new { media_id = media[1], title = "Two" }]);

        var item = E2EKit.Item(task, account);
        Assert.True(E2EKit.Status(task) == "completed" && item.GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        Assert.Equal(["One", "Two"], BulkUploadTests.Captions(await _kit.Sandbox.PostsAsync(account.Username)));
        Assert.Equal(2, item.GetProperty("success").GetInt32());
        if (method == "playwright")
        {
            Assert.Contains("Video 1/2 was already posted", item.GetProperty("log").GetString(), StringComparison.Ordinal);
        }
    }
}
