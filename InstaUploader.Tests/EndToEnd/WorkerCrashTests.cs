using System.Diagnostics;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Xunit.Abstractions;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>
/// A worker is killed (-9) mid-upload: its items come back in seconds (its restarted process registers fresh, or the Web
/// finds it silent), not after their 120 s leases, and finish with no post published twice.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class WorkerCrashTests(TopologyFixture fx, ITestOutputHelper output)
{
    /// <summary>Bounds a failing wait for the rescue (docs/protocol.md#rescue promises 20 s); it measures nothing.</summary>
    private static readonly TimeSpan RescueBound = TimeSpan.FromSeconds(30);

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
        var taskId = await _kit.StartTaskAsync("bulk_upload", accounts, BulkUploadTests.Options("instagrapi"), BulkUploadTests.Videos(media));

        var (victimId, itemIds) = await WaitForPartlyUploadedItemsAsync(taskId);
        var victim = await fx.WorkerReplicaAsync(victimId);
        var clock = Stopwatch.StartNew();
        TopologyFixture.Kill(victim);

        // Nobody shortens the leases: the rescue alone brings the items back, long before 120 s.
        await WaitUntilOutOfHandsAsync(taskId, victimId, itemIds);
        var reclaimed = clock.Elapsed;
        var task = await _kit.Operator.WaitForTaskAsync(taskId, E2EKit.TaskTimeout);
        output.WriteLine($"kill -9 of {victimId} holding {itemIds.Count} item(s): items back after {reclaimed.TotalSeconds:0.0} s, task finished after {clock.Elapsed.TotalSeconds:0.0} s");
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
    }

    /// <summary>Until none of <paramref name="items"/> is in progress under the killed worker's name (bounded by <see cref="RescueBound"/>).</summary>
    private async Task WaitUntilOutOfHandsAsync(int taskId, string victimId, List<long> items)
    {
        var deadline = DateTime.UtcNow + RescueBound;
        while (true)
        {
            var task = await _kit.Operator.GetTaskAsync(taskId);
            var stillHeld = task.GetProperty("items").EnumerateArray()
                .Where(i => items.Contains(i.GetProperty("id").GetInt64()) && i.GetProperty("status").GetString() == "in_progress"
                            && i.GetProperty("lease_owner") is { ValueKind: JsonValueKind.String } owner && owner.GetString() == victimId
                            && i.GetProperty("attempts").GetInt32() == 1)
                .ToList();
            if (stillHeld.Count == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Still held by the killed {victimId} after {RescueBound}: {E2EKit.Describe(task)}");
            await Task.Delay(100);
        }
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
