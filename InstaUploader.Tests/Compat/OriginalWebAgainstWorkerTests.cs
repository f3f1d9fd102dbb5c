using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Worker;
using InstaUploader.Worker.Features.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace InstaUploader.Tests.Compat;

/// <summary>
/// The original Web driving our workers: its start calls (dashboard/views.py: one worker, or _dispatch_batches'
/// batch_index/batch_count), its job polls and its monitoring polls get answers its models accept; and nothing a
/// caller sends to any worker route makes the worker answer 5xx.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class OriginalWebAgainstWorkerTests(TopologyFixture fx)
{
    // No such task: the worker takes start calls as nudges and never trusts the id, so any id is a valid call.
    private const int TaskId = 987_654;

    private static readonly string[] KindStartPaths =
        ["bulk-login", "warmup", "avatar", "bio", "follow", "proxy-diagnostics", "media-uniq", "cookie-robot"];

    /// <summary>One replica at its own address: a job started on it is polled on it, as the original Web does.</summary>
    private HttpClient Worker(int replica = 0) => TopologyFixture.ReplicaClient(fx.WorkerReplicasAsync().GetAwaiter().GetResult()[replica], fx.WorkerToken);

    private static async Task<JsonElement> ValidAsync(HttpResponseMessage response, OriginalModels.Model model)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri} → {(int)response.StatusCode} {text}");
        var body = JsonDocument.Parse(text).RootElement.Clone();
        var errors = OriginalModels.Validate(model, body);
        Assert.True(errors.Count == 0, $"{response.RequestMessage?.RequestUri} fails {model.Name}:\n{string.Join("\n", errors)}\n{text}");
        return body;
    }

    [Fact]
    public async Task Start_calls_of_every_kind_single_and_batched_answer_StartResponse_and_their_jobs_answer_JobStatus()
    {
        using var worker = Worker();
        var jobIds = new List<string>();
        async Task Start(HttpResponseMessage response) =>
            jobIds.Add((await ValidAsync(response, OriginalModels.StartResponse)).GetProperty("job_id").GetString()!);

        // views.start_bulk_upload_via_worker with one worker, then _dispatch_batches over two.
        await Start(await worker.PostAsJsonAsync("/api/v1/bulk-tasks/start", new { mode = "pull", task_id = TaskId }));
        for (var i = 0; i < 2; i++)
        {
            await Start(await worker.PostAsJsonAsync("/api/v1/bulk-tasks/start",
                new { mode = "pull", task_id = TaskId, options = new { batch_index = i, batch_count = 2 } }));
        }

        foreach (var path in KindStartPaths)
        {
            await Start(await worker.PostAsync($"/api/v1/{path}/start?task_id={TaskId}", null));
            await Start(await worker.PostAsync($"/api/v1/{path}/start?task_id={TaskId}&batch_index=1&batch_count=2", null));
        }

        foreach (var jobId in jobIds)
        {
            var status = await ValidAsync(await worker.GetAsync($"/api/v1/jobs/{jobId}/status"), OriginalModels.JobStatus);
            Assert.Equal(TaskId, status.GetProperty("task_id").GetInt32());
        }

        var jobs = await worker.GetFromJsonAsync<JsonElement>("/api/v1/jobs");
        Assert.Equal(JsonValueKind.Array, jobs.ValueKind);
        foreach (var job in jobs.EnumerateArray())
        {
            var errors = OriginalModels.Validate(OriginalModels.JobStatus, job);
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }

        Assert.Superset(jobIds.ToHashSet(), jobs.EnumerateArray().Select(j => j.GetProperty("job_id").GetString()!).ToHashSet());
    }

    [Fact]
    public async Task Health_and_monitoring_polls_answer_what_the_original_web_reads()
    {
        using var anonymous = fx.CreateClient("worker");
        Assert.True((await ValidAsync(await anonymous.GetAsync("/api/v1/health"), OriginalModels.Health)).GetProperty("ok").GetBoolean());
        var simple = await ValidAsync(await anonymous.GetAsync("/api/v1/health/simple"), OriginalModels.SimpleHealth);
        Assert.True(simple.GetProperty("ok").GetBoolean());

        using var worker = Worker(1);
        var metrics = await ValidAsync(await worker.GetAsync("/api/v1/metrics"), OriginalModels.Metrics);
        Assert.All(metrics.GetProperty("counters").EnumerateObject(), c => Assert.Equal(JsonValueKind.Number, c.Value.ValueKind));
        Assert.True(metrics.GetProperty("resource_usage").GetProperty("memory_mb").GetDouble() > 1);
        var locks = await ValidAsync(await worker.GetAsync("/api/v1/locks"), OriginalModels.Locks);
        Assert.Equal(locks.GetProperty("active_locks").GetArrayLength(), locks.GetProperty("count").GetInt32());
        var status = await ValidAsync(await worker.GetAsync("/api/v1/status"), OriginalModels.Status);
        Assert.False(string.IsNullOrEmpty(status.GetProperty("worker_id").GetString()));
    }

    /// <summary>Every route the worker maps, read from its endpoint data source (so a new route is walked too).</summary>
    public static IReadOnlyList<(string Method, string Path)> WorkerRoutes()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.AddWorkerServices();
        var app = builder.Build();
        app.MapControlApi();
        return [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, Fill(e.RoutePattern.RawText ?? ""))))
            .Distinct()];
    }

    private static string Fill(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern.StartsWith('/') ? pattern : "/" + pattern, @"\{[^}]+\}", "no-such-id");

    [Fact]
    public async Task No_bad_input_on_any_worker_route_gets_a_5xx()
    {
        var routes = WorkerRoutes();
        Assert.Contains(("POST", "/api/v1/bulk-tasks/start"), routes);
        Assert.Contains(("POST", "/api/process-query"), routes);
        Assert.Contains(("GET", "/api/v1/jobs/no-such-id/status"), routes);

        var huge = "{\"task_id\":1,\"mode\":\"" + new string('x', 200_000) + "\"}";
        string[] bodies = ["{not json", "\0\0\0", "{\"task_id\":\"abc\",\"mode\":\"pull\"}", "{\"task_id\":1,\"options\":{\"batch_index\":\"a\"}}", "[1,2", huge, "{\"mode\":\"pu\\u0000ll\",\"task_id\":1}"];
        string[] queries = ["?task_id=abc", "?task_id=%00", "?task_id=99999999999", "?task_id=1&batch_index=x"];
        var failures = new List<string>();
        var replica = 0;
        foreach (var (method, path) in routes)
        {
            // Spread over both replicas: the walk must not trip the per-caller rate limit of one.
            using var worker = Worker(replica++ % TopologyFixture.WorkerReplicas);
            var requests = queries.Select(q => new HttpRequestMessage(new HttpMethod(method), path + q)).ToList();
            if (method is "POST" or "PUT" or "PATCH")
            {
                requests.AddRange(bodies.Select(b => new HttpRequestMessage(new HttpMethod(method), path)
                {
                    Content = new StringContent(b, Encoding.UTF8, "application/json"),
                }));
                requests.Add(new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("task_id=1", Encoding.UTF8, "text/plain") });
            }

            foreach (var request in requests)
            {
                using (request)
                {
                    var sent = request.Content is null ? "" : (await request.Content.ReadAsStringAsync())[..Math.Min(60, (int)(request.Content.Headers.ContentLength ?? 0))];
                    try
                    {
                        // A body the server refuses unread ends its connection: send the oversized one on its own.
                        using var own = request.Content?.Headers.ContentLength > BadRequestProblems.MaxBodyBytes ? Worker() : null;
                        using var response = await (own ?? worker).SendAsync(request);
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{method} {request.RequestUri} {sent} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }
                    }
                    catch (HttpRequestException ex)
                    {
                        failures.Add($"{method} {request.RequestUri} {sent} → {ex.Message} {ex.InnerException?.Message}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    public static TheoryData<string, string?, string> BadStarts => new()
    {
        { "/api/v1/bulk-tasks/start", "{not json", "body" },
        { "/api/v1/bulk-tasks/start", "{\"mode\":\"pull\",\"task_id\":\"abc\"}", "task_id" },
        { "/api/v1/bulk-tasks/start?task_id=abc", "{\"mode\":\"pull\"}", "task_id" },
        { "/api/v1/warmup/start?task_id=abc", null, "task_id" },
        { "/api/v1/proxy-diagnostics/start?task_id=%00", null, "task_id" },
        { "/api/v1/media-uniq/start", null, "task_id" },
        { "/api/process-query", "{\"query_id\": 1,", "body" },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task Bad_start_and_process_query_calls_get_a_400_problem_naming_the_field(string path, string? body, string field)
    {
        using var worker = Worker();
        using var response = await worker.PostAsync(path, body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} → {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), text);
    }

    [Theory]
    [InlineData("/api/v1/bulk-tasks/start")]
    [InlineData("/api/v1/warmup/start?task_id=1")]
    [InlineData("/api/process-query")]
    public async Task An_oversized_body_is_a_413_problem(string path)
    {
        using var worker = Worker();
        var huge = "{\"mode\":\"pull\",\"task_id\":1,\"pad\":\"" + new string('x', (int)BadRequestProblems.MaxBodyBytes * 2) + "\"}";
        using var response = await worker.PostAsync(path, new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/process-query")]
    [InlineData("/api/v1/bulk-tasks/start")]
    public async Task A_5_MB_body_through_the_shared_endpoint_gets_a_413_problem_not_a_connection_reset(string path)
    {
        using var shared = fx.CreateClient("worker", fx.WorkerToken);
        var huge = "{\"query_id\":1,\"pad\":\"" + new string('x', 5 * 1024 * 1024) + "\"}";
        using var response = await shared.PostAsync(path, new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/v1/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/jobs", HttpStatusCode.MethodNotAllowed)]
    public async Task Refusals_outside_the_handlers_are_problems(string method, string path, HttpStatusCode expected)
    {
        using var worker = Worker();
        using var response = await worker.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
