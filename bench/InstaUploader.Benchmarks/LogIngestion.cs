using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;

/// <summary>
/// Log ingestion: 8 concurrent items on one worker write lines as fast as they can; the worker-like shipper buffers
/// them and sends group-committed batches to POST /api/logs/batch/ (the legacy protocol: one POST /api/logs/ per line,
/// 8 writers). Reports lines/s until the last line is acknowledged, the p99 of the ingestion requests, and how many
/// lines are missing from the items' logs afterwards.
/// </summary>
internal static class LogIngestion
{
    public sealed record Result(double LinesPerSecond, double P99Ms, long Lost);

    public static async Task<Result> MeasureAsync(Bench bench, int items, int linesPerItem, bool legacy)
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

        var requestMs = new List<double>();
        var clock = Stopwatch.StartNew();
        if (legacy)
        {
            await Task.WhenAll(ids.Select(id => Task.Run(async () =>
            {
                for (var n = 0; n < linesPerItem; n++)
                {
                    var sent = Stopwatch.GetTimestamp();
                    using var log = await http.PostAsJsonAsync("/api/logs/", new { project = taskId, query = id, log_data = $"item {id} line {n}" });
                    log.EnsureSuccessStatusCode();
                    var ms = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                    lock (requestMs)
                    {
                        requestMs.Add(ms);
                    }
                }
            })));
        }
        else
        {
            var buffer = Channel.CreateUnbounded<(long Item, string Line)>();
            var shipper = Task.Run(async () =>
            {
                var batch = new List<(long, string)>();
                while (await buffer.Reader.WaitToReadAsync())
                {
                    batch.Clear();
                    while (batch.Count < 1000 && buffer.Reader.TryRead(out var line))
                    {
                        batch.Add(line);
                    }

                    using var request = new HttpRequestMessage(HttpMethod.Post, "/api/logs/batch/")
                    {
                        Content = JsonContent.Create(new { lines = batch.Select(l => new { query = l.Item1, log_data = l.Item2 }) }),
                    };
                    request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("n"));
                    var sent = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request);
                    response.EnsureSuccessStatusCode();
                    requestMs.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
            });
            await Task.WhenAll(ids.Select(id => Task.Run(async () =>
            {
                for (var n = 0; n < linesPerItem; n++)
                {
                    buffer.Writer.TryWrite((id, $"item {id} line {n}"));
                    if (n % 50 == 49)
                    {
                        // A runner does some work between lines.
                        await Task.Yield();
                    }
                }
            })));
            buffer.Writer.Complete();
            await shipper;
        }

        clock.Stop();
        var expected = (long)items * linesPerItem;
        var rows = await bench.CountAsync($"SELECT count(*) FROM item_logs WHERE task_id = {taskId}");
        var inLogs = await bench.CountAsync($"""
            SELECT count(DISTINCT l) FROM task_items i, regexp_split_to_table(i.log, E'\n') l
            WHERE i.task_id = {taskId} AND l ~ '^\[[^]]+\] item [0-9]+ line [0-9]+$'
            """);
        return new Result(expected / clock.Elapsed.TotalSeconds, Bench.Percentile(requestMs, 99), expected - Math.Min(rows, inLogs));
    }
}
