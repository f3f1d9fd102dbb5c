using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.EndToEnd;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Cluster;

/// <summary>
/// The shared worker endpoint (:9000 under ./run.sh) spreads requests over the replicas, so a job started through it
/// is asked for on whichever replica comes next: every replica gives the same answer for it, for the job list and for
/// the job figures of the original monitoring routes (issue 24, item 2).
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class SharedWorkerEndpointTests(TopologyFixture fx)
{
    private const int Asks = 12;
    private readonly E2EKit _kit = new(fx);

    [Fact]
    public async Task A_job_started_through_the_shared_endpoint_answers_the_same_on_every_ask()
    {
        var accounts = new[] { await _kit.AddAccountAsync(E2EAccount.Unique("e2e_shared")), await _kit.AddAccountAsync(E2EAccount.Unique("e2e_shared")) };
        var (task, _) = await _kit.RunTaskAsync("bulk_login", accounts, new { upload_method = "instagrapi" });
        Assert.True(E2EKit.Status(task) == "completed", E2EKit.Describe(task));
        var taskId = task.GetProperty("id").GetInt32();

        using var shared = fx.CreateClient("worker", fx.WorkerToken);
        // A new connection per request: the proxy picks a replica per connection, as it does for clients that do not pool.
        shared.DefaultRequestHeaders.ConnectionClose = true;
        using var started = await shared.PostAsync(new Uri($"/api/v1/bulk-login/start?task_id={taskId}", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetString()!;

        var answers = new List<string>();
        var answeredBy = new HashSet<string>();
        for (var i = 0; i < Asks; i++)
        {
            using var status = await shared.GetAsync(new Uri($"/api/v1/jobs/{jobId}/status", UriKind.Relative));
            var text = await status.Content.ReadAsStringAsync();
            Assert.True(status.StatusCode == HttpStatusCode.OK, $"ask {i + 1}: {(int)status.StatusCode} {text}");
            answers.Add(text);

            var list = await shared.GetFromJsonAsync<List<JsonElement>>("/api/v1/jobs");
            Assert.Contains(list!, j => j.GetProperty("job_id").GetString() == jobId);

            answeredBy.Add((await shared.GetFromJsonAsync<JsonElement>("/api/v1/status")).GetProperty("worker_id").GetString()!);
        }

        // The requests did spread over the replicas, and every one gave the same answer.
        Assert.Equal(TopologyFixture.WorkerReplicas, answeredBy.Count);
        Assert.Single(answers.Distinct());
        var job = JsonDocument.Parse(answers[0]).RootElement;
        Assert.Equal(taskId, job.GetProperty("task_id").GetInt32());
        Assert.Equal("bulk_login", job.GetProperty("kind").GetString());
        // The job's counts are its task's items, whichever replica ran them.
        Assert.Equal("COMPLETED", job.GetProperty("status").GetString());
        Assert.Equal(accounts.Length, job.GetProperty("done").GetInt32());
    }

    [Fact]
    public async Task Every_replica_lists_the_jobs_of_every_replica_and_shows_the_same_locks_and_job_figures()
    {
        var replicas = await fx.WorkerReplicasAsync();
        Assert.Equal(TopologyFixture.WorkerReplicas, replicas.Count);
        var clients = replicas.Select(r => TopologyFixture.ReplicaClient(r, fx.WorkerToken)).ToList();
        try
        {
            // No such task: a start call is a nudge, so any id makes a job.
            using var started = await clients[0].PostAsync(new Uri("/api/v1/warmup/start?task_id=876543", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
            var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job_id").GetString()!;

            foreach (var client in clients)
            {
                var status = await client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}/status");
                Assert.Equal("PENDING", status.GetProperty("status").GetString());
                var list = await client.GetFromJsonAsync<List<JsonElement>>("/api/v1/jobs");
                Assert.Contains(list!, j => j.GetProperty("job_id").GetString() == jobId);
            }

            using var unknown = await clients[1].GetAsync(new Uri("/api/v1/jobs/no-such-job/status", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

            var figures = new List<string>();
            foreach (var client in clients)
            {
                var metrics = await client.GetFromJsonAsync<JsonElement>("/api/v1/metrics");
                var locks = await client.GetFromJsonAsync<JsonElement>("/api/v1/locks");
                Assert.True(metrics.GetProperty("counters").GetProperty("jobs_accepted").GetInt64() >= 1);
                figures.Add($"{metrics.GetProperty("counters")} {metrics.GetProperty("gauges")} {metrics.GetProperty("running_job_ids")} {locks}");
            }

            Assert.Single(figures.Distinct());
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
