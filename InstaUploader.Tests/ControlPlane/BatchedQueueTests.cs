using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Npgsql;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>
/// The batched side of the worker protocol (issue 15) and concurrent log writers (issue 12): claim_next with a limit,
/// batch completion and lease renewal, batch log lines; no concurrent writer loses a line.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class BatchedQueueTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task Thirty_two_concurrent_log_writers_on_one_item_lose_no_line()
    {
        const int writers = 32, linesEach = 10;
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 1);
        using var worker = fx.Worker("chatty");
        using var claim = await worker.PostAsync($"/api/queries/claim_next/?task_id={taskId}", null);
        await OperatorApi.EnsureAsync(claim);
        var id = (await claim.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var n = 0; n < linesEach; n++)
            {
                using var log = await worker.PostAsJsonAsync("/api/logs/", new { project = taskId, query = id, log_data = $"writer {w} line {n}" });
                Assert.Equal(HttpStatusCode.Created, log.StatusCode);
            }
        })));

        var itemLog = (await op.GetTaskAsync(taskId)).GetProperty("items")[0].GetProperty("log").GetString()!;
        var missing = Enumerable.Range(0, writers).SelectMany(w => Enumerable.Range(0, linesEach).Select(n => $"writer {w} line {n}"))
            .Where(line => !itemLog.Split('\n').Any(l => l.EndsWith("] " + line, StringComparison.Ordinal)))
            .ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {writers * linesEach} lines missing from the item log, e.g. {missing.FirstOrDefault()}");
        Assert.Equal(writers * linesEach, await ItemLogRowsAsync(id));
    }

    [Fact]
    public async Task A_single_log_line_retried_with_its_idempotency_key_is_stored_once_and_answered_alike()
    {
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 1);
        using var worker = fx.Worker("single-line-retry");
        var id = (await ClaimAsync(worker, taskId, limit: 1)).Single().GetProperty("id").GetInt64();

        var key = Guid.NewGuid().ToString("n");
        var answers = new List<JsonElement>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/logs/") { Content = JsonContent.Create(new { query = id, log_data = "uploaded reel 1" }) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await worker.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            answers.Add(await response.Content.ReadFromJsonAsync<JsonElement>());
        }

        Assert.Equal(answers[0].ToString(), answers[1].ToString());
        Assert.Equal(taskId, answers[1].GetProperty("project").GetInt32());
        Assert.Equal(1, await ItemLogRowsAsync(id));
        var column = (await op.GetTaskAsync(taskId)).GetProperty("items")[0].GetProperty("log").GetString()!;
        Assert.Single(column.Split('\n'), l => l.EndsWith("] uploaded reel 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_claim_with_a_limit_hands_out_that_many_items_of_distinct_accounts_and_batches_finish_them()
    {
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 5);
        using var a = fx.Worker("batch-a");
        using var b = fx.Worker("batch-b");

        var first = await ClaimAsync(a, taskId, limit: 3);
        Assert.Equal(3, first.Count);
        Assert.All(first, i => Assert.Equal("in_progress", i.GetProperty("status").GetString()));
        Assert.All(first, i => Assert.Equal("batch-a", i.GetProperty("lease_owner").GetString()));
        Assert.Equal(3, first.Select(i => i.GetProperty("account").GetProperty("id").GetInt32()).Distinct().Count());
        var ids = first.Select(i => i.GetProperty("id").GetInt64()).ToArray();

        var other = await ClaimAsync(b, taskId, limit: 10);
        Assert.Equal(2, other.Count);
        Assert.Empty(await ClaimAsync(b, taskId, limit: 10));
        var otherId = other[0].GetProperty("id").GetInt64();

        using var renew = await a.PostAsJsonAsync("/api/queries/leases/", new { ids = ids.Append(otherId), lease_seconds = 60 });
        await OperatorApi.EnsureAsync(renew);
        var renewed = await renew.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ids.Order(), renewed.GetProperty("renewed").EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).Order());
        Assert.Equal([otherId], renewed.GetProperty("lost").EnumerateArray().Select(r => r.GetInt64()));

        using var complete = await a.PostAsJsonAsync("/api/queries/complete/", new
        {
            items = ids.Select(id => (object)new { id, status = "done" })
                .Append(new { id = otherId, status = "done" })
                .Append(new { id = 987_654_321L, status = "done" }),
        });
        await OperatorApi.EnsureAsync(complete);
        var answers = (await complete.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(5, answers.Count);
        Assert.All(answers.Take(3), r => Assert.Equal("done", r.GetProperty("status").GetString()));
        Assert.Equal("conflict", answers[3].GetProperty("error").GetString());
        Assert.Equal("not_found", answers[4].GetProperty("error").GetString());

        using var rest = await b.PostAsJsonAsync("/api/queries/complete/", new
        {
            items = other.Select(i => new { id = i.GetProperty("id").GetInt64(), status = "failed", error = "checkpoint" }),
        });
        await OperatorApi.EnsureAsync(rest);
        var task = await op.WaitForTaskAsync(taskId, TimeSpan.FromSeconds(10));
        Assert.Equal("completed", task.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_claim_without_a_limit_still_answers_one_item_or_the_seed_404_and_bad_limits_get_field_errors()
    {
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 1);
        using var worker = fx.Worker("single");
        using var one = await worker.PostAsync($"/api/queries/claim_next/?task_id={taskId}", null);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(JsonValueKind.Number, (await one.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").ValueKind);
        using var none = await worker.PostAsync($"/api/queries/claim_next/?task_id={taskId}", null);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);

        foreach (var bad in new[] { "0", "101", "-3" })
        {
            using var response = await worker.PostAsync($"/api/queries/claim_next/?task_id={taskId}&limit={bad}", null);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("limit", out _));
        }

        using var empty = await worker.PostAsJsonAsync("/api/queries/complete/", new { items = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var badItem = await worker.PostAsJsonAsync("/api/queries/complete/", new { items = new object[] { new { id = 1, status = "maybe" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badItem.StatusCode);
        Assert.True((await badItem.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("items[0].status", out _));
    }

    [Fact]
    public async Task A_log_batch_is_appended_in_order_once_even_when_retried_with_its_idempotency_key()
    {
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 2);
        using var worker = fx.Worker("batch-logger");
        var ids = (await ClaimAsync(worker, taskId, limit: 2)).Select(i => i.GetProperty("id").GetInt64()).ToArray();
        var body = new
        {
            lines = Enumerable.Range(0, 50).Select(n => new { query = ids[n % 2], log_data = $"step {n}" }).Append(new { query = 987_654_321L, log_data = "lost?" }),
        };

        var key = Guid.NewGuid().ToString("n");
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/logs/batch/") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await worker.SendAsync(request);
            await OperatorApi.EnsureAsync(response);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(attempt == 1, answer.GetProperty("duplicate").GetBoolean());
            Assert.Equal(attempt == 0 ? 50 : 0, answer.GetProperty("appended").GetInt32());
            if (attempt == 0)
            {
                Assert.Equal([987_654_321L], answer.GetProperty("unknown_queries").EnumerateArray().Select(e => e.GetInt64()));
            }
        }

        var items = (await op.GetTaskAsync(taskId)).GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetInt64());
        foreach (var (id, parity) in ids.Select((id, i) => (id, i)))
        {
            var lines = items[id].GetProperty("log").GetString()!.Split('\n').Select(l => l[(l.IndexOf("] ", StringComparison.Ordinal) + 2)..]).ToList();
            Assert.Equal([.. Enumerable.Range(0, 50).Where(n => n % 2 == parity).Select(n => $"step {n}")], lines);
            Assert.Equal(25, await ItemLogRowsAsync(id));
        }

        using var nul = await worker.PostAsJsonAsync("/api/logs/batch/", new { lines = new[] { new { query = ids[0], log_data = "a\0b" } } });
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
    }

    [Fact]
    public async Task Counters_ride_in_a_log_batch_and_are_added_once_even_when_the_batch_is_retried()
    {
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 2);
        using var worker = fx.Worker("batch-counter");
        var ids = (await ClaimAsync(worker, taskId, limit: 2)).Select(i => i.GetProperty("id").GetInt64()).ToArray();
        var body = new
        {
            lines = new[] { new { query = ids[0], log_data = "posted one" } },
            counters = new object[]
            {
                new { query = ids[0], success = 2, likes = 3 },
                new { query = ids[0], success = 1 },
                new { query = ids[1], failed = 1, viewed = 7 },
                new { query = 987_654_321L, success = 1 },
            },
        };

        var key = Guid.NewGuid().ToString("n");
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/logs/batch/") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await worker.SendAsync(request);
            await OperatorApi.EnsureAsync(response);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(attempt == 1, answer.GetProperty("duplicate").GetBoolean());
            if (attempt == 0)
            {
                Assert.Equal([987_654_321L], answer.GetProperty("unknown_queries").EnumerateArray().Select(e => e.GetInt64()));
            }
        }

        // A batch of counters alone is taken too.
        using (var countsOnly = await worker.PostAsJsonAsync("/api/logs/batch/", new { counters = new[] { new { query = ids[1], follows = 4 } } }))
        {
            await OperatorApi.EnsureAsync(countsOnly);
        }

        var items = (await op.GetTaskAsync(taskId)).GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetInt64());
        Assert.Equal((3, 0, 3, 0, 0), Counts(items[ids[0]]));
        Assert.Equal((0, 1, 0, 4, 7), Counts(items[ids[1]]));
        Assert.EndsWith("] posted one", items[ids[0]].GetProperty("log").GetString(), StringComparison.Ordinal);

        using var negative = await worker.PostAsJsonAsync("/api/logs/batch/", new { counters = new[] { new { query = ids[0], success = -1 } } });
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.True((await negative.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("counters[0].success", out _));
        using var empty = await worker.PostAsJsonAsync("/api/logs/batch/", new { lines = Array.Empty<object>(), counters = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);

        static (int, int, int, int, int) Counts(JsonElement item) => (
            item.GetProperty("success").GetInt32(), item.GetProperty("failed").GetInt32(), item.GetProperty("likes").GetInt32(),
            item.GetProperty("follows").GetInt32(), item.GetProperty("viewed").GetInt32());
    }

    [Fact]
    public async Task An_items_batched_lines_are_in_its_log_before_the_line_its_completion_adds()
    {
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 1);
        using var worker = fx.Worker("batch-then-done");
        var id = (await ClaimAsync(worker, taskId, limit: 1)).Single().GetProperty("id").GetInt64();
        using (var batch = await worker.PostAsJsonAsync("/api/logs/batch/", new { lines = Enumerable.Range(0, 3).Select(n => new { query = id, log_data = $"step {n}" }) }))
        {
            await OperatorApi.EnsureAsync(batch);
        }

        using (var complete = await worker.PostAsJsonAsync("/api/queries/complete/", new { items = new[] { new { id, status = "done", answer_text = "all done" } } }))
        {
            await OperatorApi.EnsureAsync(complete);
        }

        // The rows themselves (the one store), and the log text the operator API builds from them.
        await using var connection = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT array_agg(message ORDER BY id) FROM item_logs WHERE item_id = @id", connection);
        read.Parameters.AddWithValue("id", id);
        Assert.Equal(["step 0", "step 1", "step 2", "all done"], (string[])(await read.ExecuteScalarAsync())!);
        var text = (await op.GetTaskAsync(taskId)).GetProperty("items")[0].GetProperty("log").GetString()!;
        Assert.Equal(["step 0", "step 1", "step 2", "all done"], text.Split('\n').Select(l => l[(l.IndexOf("] ", StringComparison.Ordinal) + 2)..]));
    }

    [Fact]
    public async Task Readers_folding_while_batches_arrive_keep_each_writers_lines_in_order_and_once()
    {
        const int writers = 4, batchesEach = 15, linesPerBatch = 5, readers = 3;
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 1);
        using var worker = fx.Worker("fold-race");
        var id = (await ClaimAsync(worker, taskId, limit: 1)).Single().GetProperty("id").GetInt64();

        using var writing = new CancellationTokenSource();
        // Every read of the task folds the pending lines into the column, so the readers fold concurrently with each
        // other and with the background pass while the writers' batches keep arriving.
        var folding = Enumerable.Range(0, readers).Select(_ => Task.Run(async () =>
        {
            while (!writing.IsCancellationRequested)
            {
                await op.GetTaskAsync(taskId);
            }
        })).ToList();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < batchesEach; b++)
            {
                var lines = Enumerable.Range(b * linesPerBatch, linesPerBatch).Select(n => new { query = id, log_data = $"w{w} n{n}" });
                using var batch = await worker.PostAsJsonAsync("/api/logs/batch/", new { lines });
                await OperatorApi.EnsureAsync(batch);
            }
        })));
        await writing.CancelAsync();
        await Task.WhenAll(folding);

        var column = (await op.GetTaskAsync(taskId)).GetProperty("items")[0].GetProperty("log").GetString()!
            .Split('\n').Select(l => l[(l.IndexOf("] ", StringComparison.Ordinal) + 2)..]).ToList();
        for (var w = 0; w < writers; w++)
        {
            var own = column.Where(l => l.StartsWith($"w{w} ", StringComparison.Ordinal)).ToList();
            Assert.Equal([.. Enumerable.Range(0, batchesEach * linesPerBatch).Select(n => $"w{w} n{n}")], own);
        }
    }

    [Fact]
    public async Task Reading_a_task_writes_nothing_and_serves_its_items_logs_from_the_lines()
    {
        using var op = fx.Operator();
        var taskId = await StartedLoginTaskAsync(op, accounts: 1);
        using var worker = fx.Worker("read-only");
        var id = (await ClaimAsync(worker, taskId, limit: 1)).Single().GetProperty("id").GetInt64();
        using (var batch = await worker.PostAsJsonAsync("/api/logs/batch/", new { lines = new[] { new { query = id, log_data = "batched line" } } }))
        {
            await OperatorApi.EnsureAsync(batch);
        }

        var before = await RowVersionsAsync(taskId);
        var log = (await op.GetTaskAsync(taskId)).GetProperty("items")[0].GetProperty("log").GetString()!;
        using (var progress = await op.GetAsync($"/api/v1/tasks/{taskId}/progress"))
        {
            await OperatorApi.EnsureAsync(progress);
        }

        Assert.EndsWith("] batched line", log, StringComparison.Ordinal);
        Assert.Equal(before, await RowVersionsAsync(taskId));
    }

    /// <summary>The row versions (xmin) of a task and its items and the count of its lines: any write changes them.</summary>
    private async Task<string> RowVersionsAsync(int taskId)
    {
        await using var connection = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var versions = new NpgsqlCommand("""
            SELECT (SELECT xmin::text FROM tasks WHERE id = @task)
                || ' ' || (SELECT string_agg(id || ':' || xmin::text, ',' ORDER BY id) FROM task_items WHERE task_id = @task)
                || ' ' || (SELECT count(*) FROM item_logs WHERE task_id = @task)
            """, connection);
        versions.Parameters.AddWithValue("task", taskId);
        return (string)(await versions.ExecuteScalarAsync())!;
    }

    private async Task<long> ItemLogRowsAsync(long itemId)
    {
        await using var connection = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM item_logs WHERE item_id = @id", connection);
        count.Parameters.AddWithValue("id", itemId);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<int> StartedLoginTaskAsync(HttpClient op, int accounts)
    {
        var ids = await op.ImportAccountsAsync([.. Enumerable.Range(0, accounts).Select(_ => OperatorApi.Unique("bq"))]);
        var task = await op.CreateTaskAsync(new { kind = "bulk_login", account_ids = ids, start = true });
        return task.GetProperty("id").GetInt32();
    }

    private static async Task<List<JsonElement>> ClaimAsync(HttpClient worker, int taskId, int limit)
    {
        using var response = await worker.PostAsync($"/api/queries/claim_next/?task_id={taskId}&limit={limit}", null);
        await OperatorApi.EnsureAsync(response);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()];
    }
}
