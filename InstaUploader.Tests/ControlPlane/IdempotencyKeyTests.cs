using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Npgsql;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>An Idempotency-Key is recorded with its write or not at all: a failed write leaves it for the retry.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class IdempotencyKeyTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task A_write_that_fails_leaves_its_key_unused_so_the_retry_applies_once()
    {
        using var op = fx.Operator();
        using var worker = fx.Worker();
        var account = await op.CreateAccountAsync(OperatorApi.Unique("idem"));
        var first = await ItemOfNewTaskAsync(op, worker, account);
        var second = await ItemOfNewTaskAsync(op, worker, account);
        var key = Guid.NewGuid().ToString();

        // The account is busy in the first task, so the database refuses a second in-progress item for it.
        using (var busy = await PostStatusAsync(worker, first, new { status = "in_progress" }))
        {
            Assert.Equal(HttpStatusCode.OK, busy.StatusCode);
        }

        using (var refused = await PostStatusAsync(worker, second, new { status = "in_progress", log_append = "line-once" }, key))
        {
            Assert.True(refused.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError,
                $"Expected a 4xx, got {(int)refused.StatusCode}: {await refused.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(0, Count(await LogAsync(second), "line-once"));
        using (var done = await PostStatusAsync(worker, first, new { status = "done" }))
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        using (var retry = await PostStatusAsync(worker, second, new { status = "in_progress", log_append = "line-once" }, key))
        {
            var body = await retry.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.False(body.TryGetProperty("duplicate", out _), $"The retry was taken for a duplicate: {body}");
            Assert.Equal("in_progress", body.GetProperty("status").GetString());
        }

        using (var again = await PostStatusAsync(worker, second, new { status = "in_progress", log_append = "line-once" }, key))
        {
            Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        }

        Assert.Equal(1, Count(await LogAsync(second), "line-once"));
    }

    [Fact]
    public async Task The_same_request_twice_with_one_key_is_applied_once()
    {
        using var op = fx.Operator();
        using var worker = fx.Worker();
        var item = await ItemOfNewTaskAsync(op, worker, await op.CreateAccountAsync(OperatorApi.Unique("idem")));
        var key = Guid.NewGuid().ToString();

        for (var i = 0; i < 2; i++)
        {
            using var response = await PostStatusAsync(worker, item, new { log_append = "twice-sent" }, key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var counters = await worker.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/bulk_login/accounts/{item}/counters")
            {
                Content = JsonContent.Create(new { success = 1 }),
                Headers = { { "Idempotency-Key", key } },
            });
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
        }

        Assert.Equal(1, Count(await LogAsync(item), "twice-sent"));
        await using var db = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await db.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT success FROM task_items WHERE id = @id", db) { Parameters = { new("id", item) } };
        Assert.Equal(1, (int)(await read.ExecuteScalarAsync())!);
    }

    private static async Task<long> ItemOfNewTaskAsync(HttpClient op, HttpClient worker, int account)
    {
        var task = await op.CreateTaskAsync(new { kind = "bulk_login", account_ids = new[] { account } });
        var aggregate = await worker.GetFromJsonAsync<JsonElement>($"/api/bulk_login/{task.GetProperty("id").GetInt32()}/aggregate");
        return aggregate.GetProperty("accounts")[0].GetProperty("account_task_id").GetInt64();
    }

    private static Task<HttpResponseMessage> PostStatusAsync(HttpClient worker, long item, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/bulk_login/accounts/{item}/status") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return worker.SendAsync(request);
    }

    private async Task<string> LogAsync(long item)
    {
        await using var db = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await db.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT coalesce(string_agg(message, E'\\n' ORDER BY id), '') FROM item_logs WHERE item_id = @id", db) { Parameters = { new("id", item) } };
        return (string)(await read.ExecuteScalarAsync())!;
    }

    private static int Count(string text, string line) =>
        text.Split('\n').Count(l => l.EndsWith(line, StringComparison.Ordinal));
}
