using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
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
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());

        using var alive = await web.GetAsync(new Uri("/alive", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task Every_worker_replica_answers_the_seed_health_contract()
    {
        for (var i = 0; i < TopologyFixture.WorkerReplicas; i++)
        {
            using var worker = fx.CreateClient("worker", i);
            using var response = await worker.GetAsync(new Uri("/api/v1/health", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("{\"ok\":true}", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Every_worker_replica_is_registered_with_a_recent_heartbeat()
    {
        using var web = fx.OperatorClient();
        var workers = await WaitForWorkersAsync(web, w => w.Count >= TopologyFixture.WorkerReplicas);

        for (var i = 0; i < TopologyFixture.WorkerReplicas; i++)
        {
            var worker = workers.Single(w => w.GetProperty("id").GetString() == $"worker-{i}");
            Assert.Equal("online", worker.GetProperty("status").GetString());
            Assert.Equal(fx.App.GetEndpoint("worker", i).ToString().TrimEnd('/'), worker.GetProperty("base_url").GetString()!.TrimEnd('/'));
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
        await WaitForWorkersAsync(web, w => w.Any(x => x.GetProperty("id").GetString() == "worker-0"));

        using var source = new ActivitySource("InstaUploader.Tests");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var activity = source.StartActivity("trace-test")!;
        Assert.Equal(ActivityIdFormat.W3C, activity.IdFormat);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/workers/worker-0/status");
        request.Headers.Add("traceparent", activity.Id);
        using var response = await web.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = activity.TraceId.ToString();
        Assert.Equal(expected, body.GetProperty("trace_id").GetString());
        Assert.Equal(expected, body.GetProperty("live").GetProperty("trace_id").GetString());
    }

    [Fact]
    public async Task A_killed_worker_replica_is_restarted_and_registers_again()
    {
        using var web = fx.OperatorClient();
        var before = (await WaitForWorkersAsync(web, w => w.Any(x => x.GetProperty("id").GetString() == "worker-1")))
            .Single(w => w.GetProperty("id").GetString() == "worker-1").GetProperty("registered_at").GetDateTimeOffset();
        var oldPid = fx.App.ResourceNotifications.Get("worker", 1)!.ProcessId;

        fx.App.KillReplica("worker", 1);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await fx.App.ResourceNotifications.WaitAsync(() =>
            fx.App.ResourceNotifications.Get("worker", 1) is { State: KnownResourceStates.Running, Health: HealthStatus.Healthy, Restarts: > 0 } s
            && s.ProcessId != oldPid, cts.Token);

        var after = await WaitForWorkersAsync(web, w => w.Any(x =>
            x.GetProperty("id").GetString() == "worker-1" && x.GetProperty("registered_at").GetDateTimeOffset() > before));
        Assert.Contains(after, x => x.GetProperty("id").GetString() == "worker-1" && x.GetProperty("status").GetString() == "online");
    }

    private static async Task<List<JsonElement>> WaitForWorkersAsync(HttpClient web, Func<List<JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
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
