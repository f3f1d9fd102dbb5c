using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>"Retry failed" queues only failures another attempt may fix; cancelled items are a separate choice.</summary>
[Collection(TopologyCollection.Name)]
public sealed class TaskRetryTests(TopologyFixture fx)
{
    private readonly E2EKit _kit = new(fx);

    [Fact]
    public async Task Retry_failed_requeues_only_retryable_failures_and_says_what_it_left()
    {
        var wrong = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_rtpw") with { SandboxPassword = "the-real-password" });
        var throttled = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_rt429"), new SandboxFaults(RateLimit: 1, RetryAfterSeconds: 1));
        var healthy = await _kit.AddAccountAsync(E2EAccount.Unique("e2e_rtok"));
        var media = await _kit.UploadVideosAsync(1);
        // One attempt each: the 429 is retryable but has no attempt left, so it fails like the wrong password does.
        var created = await _kit.Operator.CreateTaskAsync(new
        {
            kind = "bulk_upload", name = OperatorApi.Unique("e2e_retry"), account_ids = new[] { wrong.Id, throttled.Id, healthy.Id },
            videos = new[] { new { media_id = media[0], title = "Retry" } }, options = new { upload_method = "instagrapi" },
            max_attempts = 1, start = false,
        });
        var id = created.GetProperty("id").GetInt32();
        using (var cancel = await _kit.Operator.PostAsync($"/api/v1/tasks/{id}/cancel", null))
        {
            await OperatorApi.EnsureAsync(cancel);
        }

        // Cancelled items are not failures: retrying failures leaves them and says how to run them.
        using (var none = await _kit.Operator.PostAsync($"/api/v1/tasks/{id}/retry-failed", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
            Assert.Contains("Nothing failed to re-queue; left 3 cancelled (use Retry cancelled).",
                (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var rerun = await PostRetryAsync(id, "retry-cancelled");
        Assert.Equal(3, rerun.GetProperty("affected").GetInt32());
        var task = await _kit.Operator.WaitForTaskAsync(id, E2EKit.TaskTimeout);
        Assert.Equal("failed", E2EKit.Item(task, wrong).GetProperty("status").GetString());
        Assert.True(E2EKit.Item(task, throttled).GetProperty("status").GetString() == "failed", E2EKit.Describe(task));
        Assert.Equal("done", E2EKit.Item(task, healthy).GetProperty("status").GetString());
        var progress = await _kit.Operator.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{id}/progress");
        Assert.Equal(2, progress.GetProperty("failed").GetInt32());
        Assert.Equal(1, progress.GetProperty("failed_retryable").GetInt32());
        Assert.Equal(1, progress.GetProperty("failed_cannot_succeed").GetInt32());

        var retry = await PostRetryAsync(id, "retry-failed");
        Assert.Equal(1, retry.GetProperty("affected").GetInt32());
        Assert.Equal(0, retry.GetProperty("left_cancelled").GetInt32());
        Assert.Equal(1, retry.GetProperty("left_cannot_succeed").GetInt32());
        Assert.Equal("Re-queued 1 failed; left 1 that cannot succeed without a fix (see its error).", retry.GetProperty("message").GetString());

        task = await _kit.Operator.WaitForTaskAsync(id, E2EKit.TaskTimeout);
        Assert.True(E2EKit.Item(task, throttled).GetProperty("status").GetString() == "done", E2EKit.Describe(task));
        var left = E2EKit.Item(task, wrong);
        Assert.Equal("failed", left.GetProperty("status").GetString());
        Assert.Equal(1, left.GetProperty("attempts").GetInt32()); // not run again
        Assert.Equal(2, (await _kit.Operator.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{id}/progress")).GetProperty("done").GetInt32());
    }

    private async Task<JsonElement> PostRetryAsync(int taskId, string action)
    {
        using var response = await _kit.Operator.PostAsync($"/api/v1/tasks/{taskId}/{action}", null);
        await OperatorApi.EnsureAsync(response);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
