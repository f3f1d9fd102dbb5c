using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using InstaUploader.Web.Features.Queue;
using Npgsql;

// Claim → complete throughput of the work queue, over HTTP (the worker's real path: auth, claim_next with its
// payload, PATCH) and as the bare SQL of the same claim + completion through Npgsql, with their ratio.
// The HTTP rows also give the mean latency of one claim_next and one PATCH as the claimer saw them.
// Usage: dotnet run -c Release --project bench/InstaUploader.Benchmarks [-- --items 2000 --claimers 1,2,8]
var items = args.SkipWhile(a => a != "--items").Skip(1).Select(int.Parse).FirstOrDefault(2000);
var claimers = args.SkipWhile(a => a != "--claimers").Skip(1)
    .Select(a => a.Split(',').Select(int.Parse).ToArray()).FirstOrDefault([1, 2, 8]);

Console.WriteLine($"Starting Postgres + Web (no workers) ... items per run: {items}");
var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.InstaUploader_AppHost>(["--workers", "0", "--sandbox", "false", "--ephemeral-data", "true"]);
await using var app = await builder.BuildAsync();
await app.StartAsync();
await app.ResourceNotifications.WaitForResourceHealthyAsync("web");
var connectionString = (await app.GetConnectionStringAsync("instauploader"))!;
var token = (await app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Single(p => p.Name == "worker-api-token").GetValueAsync(default))!;
var web = app.GetEndpoint("web");
await using var data = NpgsqlDataSource.Create(connectionString + ";Maximum Pool Size=50");

var floorMs = await HttpFloorAsync();
var rows = new List<(int Claimers, double Http, double Sql, double ClaimMs, double PatchMs)>();
foreach (var n in claimers)
{
    long claimTicks = 0, patchTicks = 0;
    var httpRate = await MeasureAsync(n, async taskId =>
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = web };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        http.DefaultRequestHeaders.Add("X-Worker-Id", $"bench-{Guid.NewGuid():n}");
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            using var claim = await http.PostAsync($"/api/queries/claim_next/?task_id={taskId}", null);
            if (claim.StatusCode == HttpStatusCode.NotFound)
            {
                return;
            }

            claim.EnsureSuccessStatusCode();
            var id = (await claim.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
            var claimed = Stopwatch.GetTimestamp();
            using var done = await http.PatchAsJsonAsync($"/api/queries/{id}/", new { status = "done" });
            done.EnsureSuccessStatusCode();
            Interlocked.Add(ref claimTicks, claimed - started);
            Interlocked.Add(ref patchTicks, Stopwatch.GetTimestamp() - claimed);
        }
    });

    var sqlRate = await MeasureAsync(n, async taskId =>
    {
        var owner = $"bench-sql-{Guid.NewGuid():n}";
        await using var conn = await data.OpenConnectionAsync();
        while (true)
        {
            await using var claim = new NpgsqlCommand(WorkQueue.ClaimSql, conn);
            claim.Parameters.AddWithValue("owner", owner);
            claim.Parameters.AddWithValue("lease", 300d);
            claim.Parameters.Add(new NpgsqlParameter("kind", NpgsqlTypes.NpgsqlDbType.Text) { Value = DBNull.Value });
            claim.Parameters.AddWithValue("task", taskId);
            if (await claim.ExecuteScalarAsync() is not long id)
            {
                return;
            }

            await using var done = new NpgsqlCommand(
                "UPDATE task_items SET status = 'done', lease_owner = NULL, lease_expires_at = NULL, finished_at = now(), updated_at = now() WHERE id = @id AND lease_owner = @owner",
                conn);
            done.Parameters.AddWithValue("id", id);
            done.Parameters.AddWithValue("owner", owner);
            await done.ExecuteNonQueryAsync();
        }
    });
    double MeanMs(long ticks) => ticks * 1000d / Stopwatch.Frequency / items;
    rows.Add((n, httpRate, sqlRate, MeanMs(claimTicks), MeanMs(patchTicks)));
}

Console.WriteLine();
Console.WriteLine("claimers | HTTP items/s | SQL items/s | HTTP/SQL | claim_next ms | PATCH ms");
Console.WriteLine("---------|--------------|-------------|----------|---------------|---------");
foreach (var (n, httpRate, sqlRate, claimMs, patchMs) in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{n,8} | {httpRate,12:0} | {sqlRate,11:0} | {httpRate / sqlRate,8:0.00} | {claimMs,13:0.0} | {patchMs,8:0.0}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HTTP floor (GET /alive, one client): {floorMs:0.0} ms per request"));

// What any request costs on this machine: the mean latency of GET /alive (no auth, no database), one client.
async Task<double> HttpFloorAsync()
{
    using var http = new HttpClient { BaseAddress = web };
    const int probes = 500;
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < probes; i++)
    {
        using var alive = await http.GetAsync("/alive");
        alive.EnsureSuccessStatusCode();
    }

    return clock.Elapsed.TotalMilliseconds / probes;
}

async Task<double> MeasureAsync(int concurrency, Func<int, Task> loop)
{
    var taskId = await SeedAsync(items);
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => loop(taskId))));
    clock.Stop();
    await using var check = data.CreateCommand($"SELECT count(*) FROM task_items WHERE task_id = {taskId} AND status = 'done'");
    var done = (long)(await check.ExecuteScalarAsync())!;
    if (done != items)
    {
        throw new InvalidOperationException($"Only {done} of {items} items finished.");
    }

    return items / clock.Elapsed.TotalSeconds;
}

// Items without accounts, so the numbers are the queue's own (the account-lock check is one index probe more).
async Task<int> SeedAsync(int count)
{
    await using var cmd = data.CreateCommand("""
        WITH t AS (INSERT INTO tasks (kind, name, status, log, options, created_at, started_at)
                   VALUES ('bulk_login', 'bench', 'running', '', '{}', now(), now()) RETURNING id)
        INSERT INTO task_items (task_id, kind, position, status, priority, attempts, max_attempts, run_after, log,
                                success, failed, likes, follows, viewed, created_at, updated_at)
        SELECT t.id, 'bulk_login', g, 'queued', 0, 0, 3, now(), '', 0, 0, 0, 0, 0, now(), now()
        FROM t, generate_series(1, @n) g
        RETURNING task_id
        """);
    cmd.Parameters.AddWithValue("n", count);
    return (int)(await cmd.ExecuteScalarAsync())!;
}
