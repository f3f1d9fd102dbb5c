using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>A worker dies mid-upload: its items come back after their lease and finish elsewhere, with no post published twice.</summary>
[Collection(TopologyCollection.Name)]
public sealed class WorkerCrashTests(TopologyFixture fx)
{
    private readonly E2EKit _kit = new(fx);

    [Fact]
    public async Task Items_of_a_killed_worker_are_reclaimed_and_finished_without_duplicate_posts()
    {
        // Slow "Instagram" so the kill lands while reels are being uploaded.
        var slow = new SandboxFaults(SlowMs: 300);
        E2EAccount[] accounts =
        [
            await _kit.AddAccountAsync(E2EAccount.Unique("e2e_crash"), slow),
            await _kit.AddAccountAsync(E2EAccount.Unique("e2e_crash"), slow),
            await _kit.AddAccountAsync(E2EAccount.Unique("e2e_crash"), slow),
        ];
        var media = await _kit.UploadVideosAsync(3);
        var clock = Stopwatch.StartNew();
        var taskId = await _kit.StartTaskAsync("bulk_upload", accounts, BulkUploadTests.Options("instagrapi"), BulkUploadTests.Videos(media));

        var (victimId, itemIds) = await WaitForPartlyUploadedItemsAsync(taskId);
        var victim = await fx.WorkerReplicaAsync(victimId);
        var survivor = (await fx.WorkerReplicasAsync()).First(w => w.Id != victimId);
        TopologyFixture.Kill(victim);
        await ExpireLeasesAsync(victimId, itemIds);
        await NudgeAsync(survivor);

        var task = await _kit.Operator.WaitForTaskAsync(taskId, E2EKit.TaskTimeout);
        Assert.True(E2EKit.Status(task) == "completed", E2EKit.Describe(task));
        foreach (var account in accounts)
        {
            var item = E2EKit.Item(task, account);
            Assert.Equal("done", item.GetProperty("status").GetString());
            Assert.Equal(3, item.GetProperty("success").GetInt32());
            var posts = await _kit.Sandbox.PostsAsync(account.Username);
            Assert.Equal(BulkUploadTests.Expected.Select(e => e.Caption), BulkUploadTests.Captions(posts));
        }

        foreach (var id in itemIds)
        {
            var item = task.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == id);
            Assert.True(item.GetProperty("attempts").GetInt32() >= 2, E2EKit.Describe(task));
            Assert.Contains("(attempt 2)", item.GetProperty("log").GetString(), StringComparison.Ordinal);
        }

        await WaitForHealthyAsync(victim);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }

    /// <summary>The in-progress items of one worker once at least one of them has posted a reel (and not all).</summary>
    private async Task<(string Worker, List<long> Items)> WaitForPartlyUploadedItemsAsync(int taskId)
    {
        var deadline = DateTime.UtcNow + E2EKit.TaskTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var task = await _kit.Operator.GetTaskAsync(taskId);
            var running = task.GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("status").GetString() == "in_progress" && i.GetProperty("lease_owner").ValueKind == JsonValueKind.String)
                .ToList();
            var started = running.FirstOrDefault(i => i.GetProperty("success").GetInt32() is > 0 and < 3);
            if (started.ValueKind == JsonValueKind.Object)
            {
                var worker = started.GetProperty("lease_owner").GetString()!;
                return (worker, running.Where(i => i.GetProperty("lease_owner").GetString() == worker).Select(i => i.GetProperty("id").GetInt64()).ToList());
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No item reached the middle of its upload.");
    }

    /// <summary>
    /// Stands in for the lease running out (LEASE_SECONDS is 120 in the topology): as the dead worker, shorten its
    /// leases to a second, after which the Web's rescuer puts the items back in the queue.
    /// </summary>
    private async Task ExpireLeasesAsync(string workerId, IEnumerable<long> items)
    {
        using var web = fx.WorkerClient();
        web.DefaultRequestHeaders.Add("X-Worker-Id", workerId);
        foreach (var id in items)
        {
            using var response = await web.PostAsJsonAsync($"/api/queries/{id}/lease/", new { lease_seconds = 1 });
        }
    }

    private async Task NudgeAsync(WorkerReplica replica)
    {
        using var worker = TopologyFixture.ReplicaClient(replica, fx.WorkerToken);
        using var response = await worker.PostAsJsonAsync("/api/process-query", new { });
    }

    private static async Task WaitForHealthyAsync(WorkerReplica replica)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var worker = TopologyFixture.ReplicaClient(replica);
                using var health = await worker.GetAsync("/api/v1/health");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Still restarting.
            }

            await Task.Delay(250);
        }
    }
}
