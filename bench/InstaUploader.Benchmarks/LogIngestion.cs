using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Contracts.Status;
using InstaUploader.Worker;
using InstaUploader.Worker.Jobs;
using InstaUploader.Worker.WebApi;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Log ingestion: 8 concurrent items on one worker write log lines, and every tenth line also counts one success,
/// through the worker's own <see cref="LogShipper"/> and <see cref="WebApiClient"/>, which buffer both and send them
/// together to POST /api/logs/batch/. A line's latency is what an operator waits for: from the runner enqueueing it
/// to the Web's acknowledgement that it is stored (the batch's statement committed).
/// <para>
/// Paced, the items together offer <c>rate</c> lines/s for <c>linesPerItem</c> lines each: the p99 is that of every
/// line at that load. Flooding, they enqueue everything at once: lines/s is the capacity (the latencies are then the
/// backlog's, not reported). The legacy protocol sends one POST /api/logs/ per line and one counters request per count.
/// Lost counts the lines missing from the items' logs afterwards and the successes missing from their counters.
/// </para>
/// </summary>
internal static partial class LogIngestion
{
    /// <summary>One run: its rate, every line's latency in ms (none when flooding) and what went missing.</summary>
    public sealed record Result(double LinesPerSecond, IReadOnlyList<double> LatenciesMs, long Lost);

    private const int CountEvery = 10;

    public static async Task<Result> MeasureAsync(Bench bench, int items, int linesPerItem, double? rate, bool legacy)
    {
        var taskId = await bench.SeedQueuedItemsAsync(items);
        using var http = bench.WorkerClient($"bench-logger-{Guid.NewGuid():n}");
        var ids = new List<long>();
        while (ids.Count < items)
        {
            using var claim = await http.PostAsync($"/api/queries/claim_next/?task_id={taskId}", null);
            claim.EnsureSuccessStatusCode();
            ids.Add((await claim.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        var latencies = new List<double>(items * linesPerItem);
        var clock = Stopwatch.StartNew();
        if (legacy)
        {
            await Task.WhenAll(ids.Select(id => Task.Run(() => WriteAsync(linesPerItem, rate / items, clock, async n =>
            {
                var sent = Stopwatch.GetTimestamp();
                using var log = await http.PostAsJsonAsync("/api/logs/", new { project = taskId, query = id, log_data = $"item {id} line {n}" });
                log.EnsureSuccessStatusCode();
                if (n % CountEvery == 0)
                {
                    using var count = new HttpRequestMessage(HttpMethod.Post, $"/api/bulk_login/accounts/{id}/counters") { Content = JsonContent.Create(new { success = 1 }) };
                    count.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("n"));
                    using var counted = await http.SendAsync(count);
                    counted.EnsureSuccessStatusCode();
                }

                var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(ms);
                }
            }))));
        }
        else
        {
            await using var worker = WorkerServices(bench, $"bench-shipper-{Guid.NewGuid():n}");
            var shipper = worker.GetRequiredService<LogShipper>();
            await shipper.StartAsync(default);
            var acks = new List<Task>(items * linesPerItem);
            await Task.WhenAll(ids.Select(id => Task.Run(() => WriteAsync(linesPerItem, rate / items, clock, n =>
            {
                var at = Stopwatch.GetTimestamp();
                shipper.Enqueue(id, $"item {id} line {n}");
                if (n % CountEvery == 0)
                {
                    shipper.EnqueueCounters(id, OneSuccess);
                }

                if (rate is null)
                {
                    return Task.CompletedTask;
                }

                // Awaiting each line's acknowledgement holds this runner back no longer than the runner's own pace.
                var ack = shipper.FlushedAsync().ContinueWith(_ =>
                {
                    var ms = Stopwatch.GetElapsedTime(at).TotalMilliseconds;
                    lock (latencies)
                    {
                        latencies.Add(ms);
                    }
                }, TaskContinuationOptions.ExecuteSynchronously);
                lock (acks)
                {
                    acks.Add(ack);
                }

                return Task.CompletedTask;
            }))));
            await Task.WhenAll(acks);
            await shipper.FlushedAsync();
            await shipper.StopAsync(default);
        }

        clock.Stop();
        var expected = (long)items * linesPerItem;
        var rows = await bench.CountAsync($"SELECT count(*) FROM item_logs WHERE task_id = {taskId}");
        // The items' logs as an operator reads them (GET /api/v1/tasks/{id}, built from item_logs at read time).
        long inLogs;
        using (var op = bench.OperatorClient())
        {
            var task = await op.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{taskId}");
            inLogs = task.GetProperty("items").EnumerateArray()
                .SelectMany(i => (i.GetProperty("log").GetString() ?? "").Split('\n'))
                .Where(l => LoggedLine().IsMatch(l))
                .Distinct()
                .LongCount();
        }

        var counted = await bench.CountAsync($"SELECT COALESCE(sum(success), 0)::bigint FROM task_items WHERE task_id = {taskId}");
        var expectedCounts = (long)items * ((linesPerItem + CountEvery - 1) / CountEvery);
        return new Result(expected / clock.Elapsed.TotalSeconds, rate is null ? [] : latencies,
            expected - Math.Min(rows, inLogs) + Math.Abs(expectedCounts - counted));
    }

    /// <summary>One item's runner: <paramref name="lines"/> lines, at <paramref name="perSecond"/> or as fast as it can.</summary>
    private static async Task WriteAsync(int lines, double? perSecond, Stopwatch clock, Func<int, Task> write)
    {
        for (var n = 0; n < lines; n++)
        {
            if (perSecond is { } pace)
            {
                var due = TimeSpan.FromSeconds(n / pace) - clock.Elapsed;
                if (due > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(due);
                }
            }
            else if (n % 50 == 49)
            {
                await Task.Yield();
            }

            await write(n);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\[[^]]+\] item [0-9]+ line [0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex LoggedLine();

    private static readonly Dictionary<string, int> OneSuccess = new() { [CounterNames.Success] = 1 };

    /// <summary>The worker's Web client and log shipper, as the worker registers them, speaking for <paramref name="workerId"/>.</summary>
    private static ServiceProvider WorkerServices(Bench bench, string workerId)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<WorkerOptions>().Configure(o =>
        {
            o.WebBaseUrl = bench.Web;
            o.WorkerToken = bench.WorkerToken;
            o.WorkerId = workerId;
        });
        services.AddWebApiClient();
        services.AddSingleton<LogShipper>();
        return services.BuildServiceProvider();
    }
}
