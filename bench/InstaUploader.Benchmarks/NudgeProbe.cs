using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

/// <summary>
/// Nudge to claim: an idle worker-like listener registers with the Web; each probe starts a one-item task through the
/// operator API and times from sending the start until the listener, woken by the Web's push nudge (a start
/// call or /api/process-query; docs/protocol.md#nudges), has claimed the item. Nothing polls.
/// </summary>
internal static class NudgeProbe
{
    public static async Task<List<double>> MeasureAsync(Bench bench, int probes, bool legacy)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var listener = builder.Build();
        var workerId = $"bench-nudge-{Guid.NewGuid():n}";
        using var http = bench.WorkerClient(workerId);
        TaskCompletionSource<long>? armed = null;
        int armedTask = 0;

        async Task ClaimAsync(TaskCompletionSource<long> probe, int taskId)
        {
            while (!probe.Task.IsCompleted)
            {
                using var claim = await http.PostAsync($"/api/queries/claim_next/?task_id={taskId}" + (legacy ? "" : "&limit=2"), null);
                if (claim.StatusCode == HttpStatusCode.NotFound)
                {
                    continue;
                }

                claim.EnsureSuccessStatusCode();
                var body = await claim.Content.ReadFromJsonAsync<JsonElement>();
                var items = legacy ? [body] : body.GetProperty("items").EnumerateArray().ToList();
                if (items.Count > 0)
                {
                    probe.TrySetResult(items[0].GetProperty("id").GetInt64());
                }
            }
        }

        listener.MapGet("/{**path}", () => Results.Ok(new { status = "ok" }));
        listener.MapPost("/{**path}", () =>
        {
            if (Interlocked.Exchange(ref armed, null) is { } probe)
            {
                _ = Task.Run(() => ClaimAsync(probe, armedTask));
            }

            return Results.Json(new { accepted = true, job_id = Guid.NewGuid() }, statusCode: 202);
        });
        await listener.StartAsync();
        var baseUrl = listener.Urls.First();
        using (var register = await http.PostAsJsonAsync("/api/workers/register", new { worker_id = workerId, base_url = baseUrl, version = "bench", capacity = 8 }))
        {
            register.EnsureSuccessStatusCode();
        }

        using var op = bench.OperatorClient();
        var latencies = new List<double>(probes);
        for (var i = 0; i < probes + 3; i++)
        {
            if (i % 10 == 0)
            {
                using var beat = await http.PostAsJsonAsync("/api/workers/heartbeat", new { worker_id = workerId, active_jobs = 0 });
            }

            var taskId = await bench.SeedPendingItemsAsync(1);
            var probe = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            armedTask = taskId;
            Volatile.Write(ref armed, probe);
            var started = Stopwatch.GetTimestamp();
            using (var start = await op.PostAsync($"/api/v1/tasks/{taskId}/start", null))
            {
                start.EnsureSuccessStatusCode();
            }

            var id = await probe.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i >= 3)
            {
                // The first probes warm up connections and prepared statements.
                latencies.Add(ms);
            }

            using var done = await http.PatchAsJsonAsync($"/api/queries/{id}/", new { status = "done" });
            await Task.Delay(20);
        }

        await listener.StopAsync();
        return latencies;
    }
}
