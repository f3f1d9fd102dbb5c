using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;

/// <summary>
/// No-op items through the worker's whole HTTP protocol (auth, claim with its payload, finish), with worker-like
/// claimers: each has <c>slots</c> places, claims as many items as it has free places in one request
/// (claim_next?limit=) and reports finished items in group-committed batches (POST /api/queries/complete/), as the
/// worker's ClaimLoop and CompletionBatcher do. The one-at-a-time protocol (as the original workers speak it) runs <c>slots</c> loops of
/// claim_next + PATCH per claimer instead.
/// </summary>
internal static class ClaimThroughput
{
    public static async Task<double> ItemsPerSecondAsync(Bench bench, int claimers, int slots, int items, bool legacy)
    {
        var taskId = await bench.SeedQueuedItemsAsync(items);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, claimers).Select(n => Task.Run(async () =>
        {
            using var http = bench.WorkerClient($"bench-claimer-{n}-{Guid.NewGuid():n}");
            if (legacy)
            {
                await Task.WhenAll(Enumerable.Range(0, slots).Select(_ => SingleItemLoopAsync(http, taskId)));
            }
            else
            {
                await BatchedClaimerAsync(http, taskId, slots);
            }
        })));
        clock.Stop();
        var done = await bench.CountAsync($"SELECT count(*) FROM task_items WHERE task_id = {taskId} AND status = 'done'");
        if (done != items)
        {
            throw new InvalidOperationException($"Only {done} of {items} items finished.");
        }

        return items / clock.Elapsed.TotalSeconds;
    }

    private static async Task SingleItemLoopAsync(HttpClient http, int taskId)
    {
        while (true)
        {
            using var claim = await http.PostAsync($"/api/queries/claim_next/?task_id={taskId}", null);
            if (claim.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            claim.EnsureSuccessStatusCode();
            var id = (await claim.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
            using var done = await http.PatchAsJsonAsync($"/api/queries/{id}/", new { status = "done" });
            done.EnsureSuccessStatusCode();
        }
    }

    private static async Task BatchedClaimerAsync(HttpClient http, int taskId, int slots)
    {
        var finished = Channel.CreateUnbounded<long>();
        var freed = new SemaphoreSlim(0);
        var inFlight = 0;
        var completer = Task.Run(async () =>
        {
            var batch = new List<long>();
            while (await finished.Reader.WaitToReadAsync())
            {
                batch.Clear();
                while (batch.Count < 100 && finished.Reader.TryRead(out var id))
                {
                    batch.Add(id);
                }

                using var done = await http.PostAsJsonAsync("/api/queries/complete/", new { items = batch.Select(id => new { id, status = "done" }) });
                done.EnsureSuccessStatusCode();
                Interlocked.Add(ref inFlight, -batch.Count);
                freed.Release();
            }
        });

        while (true)
        {
            var free = slots - Volatile.Read(ref inFlight);
            if (free == 0)
            {
                await freed.WaitAsync();
                continue;
            }

            using var claim = await http.PostAsync($"/api/queries/claim_next/?task_id={taskId}&limit={Math.Min(free, 100)}", null);
            claim.EnsureSuccessStatusCode();
            var claimed = (await claim.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
            if (claimed.GetArrayLength() == 0)
            {
                if (Volatile.Read(ref inFlight) == 0)
                {
                    break;
                }

                await freed.WaitAsync();
                continue;
            }

            Interlocked.Add(ref inFlight, claimed.GetArrayLength());
            foreach (var item in claimed.EnumerateArray())
            {
                // The no-op run: finished as soon as it is claimed.
                finished.Writer.TryWrite(item.GetProperty("id").GetInt64());
            }
        }

        finished.Writer.Complete();
        await completer;
    }
}
