using InstaUploader.Contracts.Control;
using InstaUploader.Worker.Jobs;
using InstaUploader.Worker.WebApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Compat;

/// <summary>
/// Jobs as every replica sees them. Replicas share one endpoint (:9000), so a job accepted by one is asked for through
/// another: each start call is recorded in the Web, and the job routes answer from there (docs/protocol.md#worker-api).
/// When the Web cannot be reached the answer is 503 with Retry-After, never another replica's partial view.
/// </summary>
public static class SharedJobsApi
{
    private const string RetryAfterSeconds = "5";

    public static void MapSharedJobs(this RouteGroupBuilder api)
    {
        api.MapGet(ControlRoutes.Jobs, async Task<Results<Ok<List<JobStatus>>, ProblemHttpResult>> (WebApiClient web, HttpResponse response, CancellationToken ct) =>
        {
            try
            {
                return TypedResults.Ok(await web.ListJobsAsync(ct));
            }
            catch (Exception e) when (IsUnreachable(e))
            {
                return Unavailable(response);
            }
        });

        api.MapGet(ControlRoutes.JobStatusTemplate, async Task<Results<Ok<JobStatus>, ProblemHttpResult>> (string job_id, WebApiClient web, HttpResponse response, CancellationToken ct) =>
        {
            try
            {
                return await web.GetJobAsync(job_id, ct) is { } job
                    ? TypedResults.Ok(job)
                    : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No job '{job_id}' on any worker.");
            }
            catch (Exception e) when (IsUnreachable(e))
            {
                return Unavailable(response);
            }
        });
    }

    /// <summary>
    /// Accepts a start call: the job is recorded in the Web before it is answered, so whichever replica is asked next
    /// knows it. The claim loop is nudged either way; it takes its work from the Web, not from the job.
    /// </summary>
    public static async Task<Results<Ok<StartAnswer>, ProblemHttpResult, ValidationProblem>> AcceptAsync(
        string kind, int taskId, StartOptions? options, JobTracker jobs, ClaimLoop claims, WebApiClient web, IOptions<WorkerOptions> worker,
        HttpResponse response, CancellationToken ct)
    {
        var job = jobs.Accept(kind, taskId, options);
        claims.Trigger();
        try
        {
            await web.RecordJobAsync(new JobRecord(job.JobId, kind, taskId, worker.Value.WorkerId, options), ct);
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            return Unavailable(response);
        }

        return TypedResults.Ok(new StartAnswer(job.JobId, true));
    }

    /// <summary>The jobs running now (items of their tasks in progress on any replica), as the monitoring routes show them.</summary>
    public static async Task<List<JobStatus>> RunningAsync(WebApiClient web, CancellationToken ct) =>
        [.. (await web.ListJobsAsync(ct)).Where(j => j.Running > 0)];

    /// <summary>What the Web's client throws when the Web is down, slow, or answered 5xx (after its retries).</summary>
    public static bool IsUnreachable(Exception e) =>
        e is HttpRequestException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException;

    public static ProblemHttpResult Unavailable(HttpResponse response)
    {
        response.Headers.RetryAfter = RetryAfterSeconds;
        return TypedResults.Problem(statusCode: 503, title: "Web unavailable", detail: "The jobs are kept in the Web, which cannot be reached now; try again.");
    }
}
