using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.EndToEnd;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Chaos;

/// <summary>
/// A bad day in the shared topology, mid-upload: the database's postmaster killed, the Web frozen, a worker frozen.
/// Nothing is lost, nothing is posted twice, and no worker process exits or has to be restarted.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class ChaosTests(TopologyFixture fx)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    /// <summary>
    /// Longer than the workers' whole-request timeout (30 s, the standard resilience handler's), so calls in flight when
    /// the Web stops fail and the workers must wait it out; any longer only makes the test slower.
    /// </summary>
    private static readonly TimeSpan WebFreeze = TimeSpan.FromSeconds(35);
    private readonly E2EKit _kit = new(fx);

    [Fact]
    public async Task A_postmaster_killed_mid_upload_is_restarted_and_every_video_is_posted_once_by_the_same_workers()
    {
        var (accounts, taskId) = await StartSlowUploadAsync("chaos_pg");
        var workers = await WorkerProcessesAsync();
        await WaitForFirstPostAsync(taskId);

        var postmaster = AppHostTesting.ServiceProcess(fx.App, "postgres");
        Signal(postmaster, "KILL");

        var task = await WaitForTaskAsync(taskId);
        await AssertEachVideoPostedOnceAsync(task, accounts);
        Assert.NotEqual(postmaster, AppHostTesting.ServiceProcess(fx.App, "postgres"));
        Assert.Equal(workers, await WorkerProcessesAsync());
    }

    [Fact]
    public async Task Workers_ride_out_a_web_frozen_past_their_request_timeout_mid_upload()
    {
        var (accounts, taskId) = await StartSlowUploadAsync("chaos_web");
        var workers = await WorkerProcessesAsync();
        await WaitForFirstPostAsync(taskId);

        var web = AppHostTesting.ServiceProcess(fx.App, "web");
        Signal(web, "STOP");
        try
        {
            await Task.Delay(WebFreeze);
        }
        finally
        {
            Signal(web, "CONT");
        }

        var task = await WaitForTaskAsync(taskId);
        await AssertEachVideoPostedOnceAsync(task, accounts);
        Assert.Equal(workers, await WorkerProcessesAsync());
    }

    [Fact]
    public async Task A_worker_frozen_mid_upload_loses_its_items_to_another_and_on_thawing_posts_and_completes_nothing()
    {
        var (accounts, taskId) = await StartSlowUploadAsync("chaos_stop");
        var (victimId, held) = await WaitForPartlyUploadedItemsAsync(taskId);
        var victim = await fx.WorkerReplicaAsync(victimId);
        var pid = LocalProcesses.ListeningOn(victim.BaseUrl.Port) ?? throw new InvalidOperationException($"Nothing listens on {victim.BaseUrl}.");

        JsonElement task;
        Signal(pid, "STOP");
        try
        {
            // Frozen, it neither beats nor answers: the Web hands its items to the other replica, which finishes them.
            task = await WaitForTaskAsync(taskId);
        }
        finally
        {
            Signal(pid, "CONT");
        }

        var thawed = DateTimeOffset.UtcNow;
        await AssertEachVideoPostedOnceAsync(task, accounts);
        var finished = held.ToDictionary(id => id, id => ItemById(task, id));
        Assert.Contains(finished.Values, item => item.GetProperty("attempts").GetInt32() >= 2);

        // Thawed, it finds its leases gone: its runs stop, their late completions are refused.
        await WaitForIdleAfterAsync(victimId, thawed);
        var after = await _kit.Operator.GetTaskAsync(taskId);
        await AssertEachVideoPostedOnceAsync(after, accounts);
        foreach (var (id, item) in finished)
        {
            var now = ItemById(after, id);
            Assert.Equal(item.GetProperty("attempts").GetInt32(), now.GetProperty("attempts").GetInt32());
            Assert.Equal(item.GetProperty("status").GetString(), now.GetProperty("status").GetString());
            Assert.Equal(item.GetProperty("finished_at").GetString(), now.GetProperty("finished_at").GetString());
        }

        Assert.Equal(pid, LocalProcesses.ListeningOn(victim.BaseUrl.Port));
    }

    private static JsonElement ItemById(JsonElement task, long id) =>
        task.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == id);

    /// <summary>The in-progress items of one worker once one of them has posted a reel (and not all).</summary>
    private async Task<(string Worker, List<long> Items)> WaitForPartlyUploadedItemsAsync(int taskId)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout)
        {
            var running = (await _kit.Operator.GetTaskAsync(taskId)).GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("status").GetString() == "in_progress" && i.GetProperty("lease_owner").ValueKind == JsonValueKind.String)
                .ToList();
            if (running.FirstOrDefault(i => i.GetProperty("success").GetInt32() is > 0 and < 3) is { ValueKind: JsonValueKind.Object } started)
            {
                var worker = started.GetProperty("lease_owner").GetString()!;
                return (worker, [.. running.Where(i => i.GetProperty("lease_owner").GetString() == worker).Select(i => i.GetProperty("id").GetInt64())]);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No item reached the middle of its upload.");
    }

    /// <summary>Until the worker has beaten since <paramref name="since"/> reporting no running item: its stale runs are over.</summary>
    private async Task WaitForIdleAfterAsync(string workerId, DateTimeOffset since)
    {
        using var web = fx.OperatorClient();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout)
        {
            var worker = (await web.GetFromJsonAsync<List<JsonElement>>("/api/workers") ?? []).Single(w => w.GetProperty("id").GetString() == workerId);
            if (worker.GetProperty("last_heartbeat_at").GetDateTimeOffset() > since && worker.GetProperty("active_jobs").GetInt32() == 0)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{workerId} never reported itself idle after thawing.");
    }

    private async Task<(E2EAccount[] Accounts, int TaskId)> StartSlowUploadAsync(string prefix)
    {
        // A slow "Instagram" keeps the upload running while the fault lands.
        var slow = new SandboxFaults(SlowMs: 300);
        E2EAccount[] accounts =
        [
            await _kit.AddAccountAsync(E2EAccount.Unique(prefix), slow),
            await _kit.AddAccountAsync(E2EAccount.Unique(prefix), slow),
            await _kit.AddAccountAsync(E2EAccount.Unique(prefix), slow),
            await _kit.AddAccountAsync(E2EAccount.Unique(prefix), slow),
        ];
        var media = await _kit.UploadVideosAsync(3);
        var taskId = await _kit.StartTaskAsync("bulk_upload", accounts, BulkUploadTests.Options("instagrapi"), BulkUploadTests.Videos(media));
        return (accounts, taskId);
    }

    private async Task WaitForFirstPostAsync(int taskId)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout)
        {
            var task = await _kit.Operator.GetTaskAsync(taskId);
            if (task.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("success").GetInt32() > 0))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No reel was posted.");
    }

    /// <summary>Polls through the fault: while the database or the Web is down the operator API fails too.</summary>
    private async Task<JsonElement> WaitForTaskAsync(int taskId)
    {
        var clock = Stopwatch.StartNew();
        JsonElement? last = null;
        while (clock.Elapsed < Timeout)
        {
            try
            {
                var task = await _kit.Operator.GetTaskAsync(taskId);
                last = task;
                if (E2EKit.Status(task) is "completed" or "failed" or "cancelled")
                {
                    return task;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // The fault is still on.
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"Task {taskId} did not finish: {(last is { } t ? E2EKit.Describe(t) : "no answer")}");
    }

    private async Task AssertEachVideoPostedOnceAsync(JsonElement task, E2EAccount[] accounts)
    {
        Assert.True(E2EKit.Status(task) == "completed", E2EKit.Describe(task));
        foreach (var account in accounts)
        {
            var item = E2EKit.Item(task, account);
            Assert.Equal("done", item.GetProperty("status").GetString());
            Assert.Equal(3, item.GetProperty("success").GetInt32());
            Assert.Equal(BulkUploadTests.Expected.Select(e => e.Caption), BulkUploadTests.Captions(await _kit.Sandbox.PostsAsync(account.Username)));
        }
    }

    /// <summary>Each worker replica's own process (the one listening at its announced address).</summary>
    private async Task<Dictionary<string, int?>> WorkerProcessesAsync() =>
        (await fx.WorkerReplicasAsync()).ToDictionary(w => w.Id, w => LocalProcesses.ListeningOn(w.BaseUrl.Port));

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
