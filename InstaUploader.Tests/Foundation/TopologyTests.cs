using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Foundation;

[Collection(TopologyCollection.Name)]
public sealed class TopologyTests(TopologyFixture fx)
{
    [Fact]
    public async Task Web_health_is_healthy_and_includes_the_database()
    {
        using var web = fx.CreateClient("web");
        using var response = await web.GetAsync(new Uri("/health", UriKind.Relative));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        // Aspire.Npgsql.EntityFrameworkCore.PostgreSQL's check, named after the DbContext.
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("AppDbContext").GetProperty("status").GetString());

        using var alive = await web.GetAsync(new Uri("/alive", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Every_worker_replica_answers_the_seed_health_contract()
    {
        var replicas = await fx.WorkerReplicasAsync();
        Assert.Equal(TopologyFixture.WorkerReplicas, replicas.Count);
        foreach (var replica in replicas)
        {
            using var worker = TopologyFixture.ReplicaClient(replica);
            using var response = await worker.GetAsync(new Uri("/api/v1/health", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync());
        }

        // The shared endpoint (:9000 under ./run.sh) answers the same contract through the orchestrator's proxy.
        using var proxied = fx.CreateClient("worker");
        Assert.Equal("{\"ok\":true}", await proxied.GetStringAsync(new Uri("/api/v1/health", UriKind.Relative)));
    }

    [Fact]
    public async Task Every_worker_replica_is_registered_at_its_own_address_with_a_recent_heartbeat()
    {
        using var web = fx.OperatorClient();
        var workers = await WaitForWorkersAsync(web, w => w.Count >= TopologyFixture.WorkerReplicas);

        Assert.Equal(TopologyFixture.WorkerReplicas, workers.Count);
        Assert.Equal(workers.Count, workers.Select(w => new Uri(w.GetProperty("base_url").GetString()!).Port).Distinct().Count());
        foreach (var worker in workers)
        {
            Assert.Equal("online", worker.GetProperty("status").GetString());
            using var own = TopologyFixture.ReplicaClient(
                new WorkerReplica(worker.GetProperty("id").GetString()!, new Uri(worker.GetProperty("base_url").GetString()!)), fx.WorkerToken);
            var status = await own.GetFromJsonAsync<JsonElement>("/api/v1/status");
            Assert.Equal(worker.GetProperty("id").GetString(), status.GetProperty("worker_id").GetString());
            var heartbeat = worker.GetProperty("last_heartbeat_at").GetDateTimeOffset();
            Assert.InRange(DateTimeOffset.UtcNow - heartbeat, TimeSpan.Zero - TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Workers_report_metric_samples_to_the_web()
    {
        var db = await fx.ConnectionStringAsync();
        await using var conn = new Npgsql.NpgsqlConnection(db);
        await conn.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(45);
        long samples;
        do
        {
            await using var count = new Npgsql.NpgsqlCommand("SELECT count(DISTINCT worker_id) FROM worker_metrics", conn);
            samples = (long)(await count.ExecuteScalarAsync())!;
            if (samples < TopologyFixture.WorkerReplicas)
            {
                await Task.Delay(500);
            }
        }
        while (samples < TopologyFixture.WorkerReplicas && DateTime.UtcNow < deadline);

        Assert.Equal(TopologyFixture.WorkerReplicas, samples);
    }

    [Fact]
    public async Task A_web_request_that_calls_a_worker_carries_one_trace_across_both()
    {
        using var web = fx.OperatorClient();
        var worker = (await fx.WorkerReplicasAsync())[0];

        using var source = new ActivitySource("InstaUploader.Tests");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var activity = source.StartActivity("trace-test")!;
        Assert.Equal(ActivityIdFormat.W3C, activity.IdFormat);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/workers/{worker.Id}/status");
        request.Headers.Add("traceparent", activity.Id);
        using var response = await web.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = activity.TraceId.ToString();
        Assert.Equal(expected, body.GetProperty("trace_id").GetString());
        Assert.Equal(expected, body.GetProperty("live").GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task A_killed_worker_replica_is_restarted_by_the_AppHost_and_registers_again()
    {
        var victim = (await fx.WorkerReplicasAsync())[1];
        using var web = fx.OperatorClient();
        var before = (await WaitForWorkersAsync(web, w => w.Any(x => x.GetProperty("id").GetString() == victim.Id)))
            .Single(w => w.GetProperty("id").GetString() == victim.Id).GetProperty("registered_at").GetDateTimeOffset();
        var oldPid = LocalProcesses.ListeningOn(victim.BaseUrl.Port);

        TopologyFixture.Kill(victim);

        var after = await WaitForWorkersAsync(web, w => w.Any(x =>
            x.GetProperty("id").GetString() == victim.Id && x.GetProperty("registered_at").GetDateTimeOffset() > before), TimeSpan.FromSeconds(90));
        Assert.Contains(after, x => x.GetProperty("id").GetString() == victim.Id && x.GetProperty("status").GetString() == "online");
        Assert.NotEqual(oldPid, LocalProcesses.ListeningOn(victim.BaseUrl.Port));
        Assert.Contains(AppHostTesting.ReplicaStates(fx.App, "worker"), e => e.ResourceId.EndsWith(victim.Id, StringComparison.Ordinal) && AppHostTesting.IsHealthy(e));
    }

    private static async Task<List<JsonElement>> WaitForWorkersAsync(HttpClient web, Func<List<JsonElement>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var workers = await web.GetFromJsonAsync<List<JsonElement>>("/api/workers") ?? [];
            if (done(workers) || DateTime.UtcNow > deadline)
            {
                return workers;
            }

            await Task.Delay(250);
        }
    }
}
