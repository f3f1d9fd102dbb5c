using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using InstaUploader.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Features.Api;

/// <summary>
/// Seed 001 worker API. Health is open; everything else needs the shared bearer token. Start calls and
/// /api/process-query are nudges: the worker claims work atomically from the Web (seed 003), it never trusts
/// that the nudged task or query is still there.
/// </summary>
public static class WorkerApi
{
    public const string RateLimitPolicy = "worker-api";

    private static readonly Dictionary<string, string> StartPaths = new()
    {
        ["bulk-login"] = "bulk_login",
        ["warmup"] = "warmup",
        ["avatar"] = "avatar",
        ["bio"] = "bio",
        ["follow"] = "follow",
        ["proxy-diagnostics"] = "proxy_diag",
        ["media-uniq"] = "media_uniq",
        ["cookie-robot"] = "cookie_robot",
    };

    public static IEndpointRouteBuilder MapWorkerApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/health", () => Results.Json(new { ok = true })).AllowAnonymous();

        var api = app.MapGroup("/api/v1").RequireAuthorization().RequireRateLimiting(RateLimitPolicy).WithBodyLimit();
        api.MapGet("/status", (IOptions<WorkerOptions> options, WorkerActivity activity, IHostApplicationLifetime life) =>
        {
            var body = OriginalMonitoringApi.StatusFields(options.Value, activity, life);
            body["worker_id"] = options.Value.WorkerId;
            body["active_jobs"] = activity.ActiveJobs;
            body["metrics"] = activity.Metrics();
            // The trace this request belongs to: lets callers check that trace context crossed the hop.
            body["trace_id"] = Activity.Current?.TraceId.ToString();
            return Results.Json(body);
        });
        app.MapOriginalMonitoring(api);
        api.MapGet("/jobs", (JobTracker jobs) => Results.Json(jobs.All.Select(Describe)));
        api.MapGet("/jobs/{job_id}/status", (string job_id, JobTracker jobs) =>
            jobs.Get(job_id) is { } job
                ? Results.Json(Describe(job))
                : Results.Problem(statusCode: 404, title: "Not found", detail: $"No job '{job_id}' on this worker."));

        api.MapPost("/bulk-tasks/start", (BulkStartRequest body, JobTracker jobs, JobManager manager, IOptions<WorkerOptions> options) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (body.Mode is not null && body.Mode != "pull")
            {
                errors["mode"] = ["Only 'pull' is supported: the worker pulls the task from the UI."];
            }

            if (body.TaskId is null or < 1)
            {
                errors["task_id"] = ["Required, a positive task id."];
            }

            if (body.Options?.UploadMethod is { } m && m is not ("playwright" or "instagrapi"))
            {
                errors["options.upload_method"] = ["One of: playwright, instagrapi."];
            }

            if (body.Options?.BatchCount is < 1 || body.Options?.BatchIndex < 0 || body.Options?.BatchIndex >= body.Options?.BatchCount)
            {
                errors["options.batch_index"] = ["Needs 0 <= batch_index < batch_count."];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var job = jobs.Accept("bulk_upload", body.TaskId, body.Options);
            manager.Trigger();
            return Results.Json(new { job_id = job.JobId, accepted = true });
        });

        foreach (var (path, kind) in StartPaths)
        {
            api.MapPost($"/{path}/start", (int? task_id, JobTracker jobs, JobManager manager) =>
            {
                if (task_id is null or < 1)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["task_id"] = ["Required query parameter, a positive task id."] });
                }

                var job = jobs.Accept(kind, task_id, null);
                manager.Trigger();
                return Results.Json(new { job_id = job.JobId, accepted = true });
            });
        }

        // Seed 003 push nudge. The query_id is deliberately ignored: claim_next picks the right item atomically.
        app.MapPost("/api/process-query", (JsonElement? body, JobManager manager) =>
        {
            manager.Trigger();
            return Results.Json(new { status = "accepted" });
        }).RequireAuthorization().RequireRateLimiting(RateLimitPolicy).WithBodyLimit();
        return app;
    }

    /// <summary>The original JobStatus fields (status one of PENDING, RUNNING, COMPLETED, FAILED) and ours beside them.</summary>
    private static object Describe(JobTracker.Job j) => new
    {
        job_id = j.JobId,
        kind = j.Kind,
        task_id = j.TaskId,
        status = j.Status,
        state = j.State,
        successful_accounts = j.DoneCount,
        failed_accounts = j.FailedCount,
        total_uploaded = 0,
        total_failed_uploads = 0,
        message = (string?)null,
        running = j.RunningCount,
        done = j.DoneCount,
        failed = j.FailedCount,
        accepted_at = j.AcceptedAt,
        last_activity_at = j.LastActivityAt,
        options = j.Options,
    };

    public sealed record BulkStartRequest(
        [property: JsonPropertyName("mode")] string? Mode,
        [property: JsonPropertyName("task_id")] int? TaskId,
        [property: JsonPropertyName("options")] StartOptions? Options);

    public sealed record StartOptions(
        [property: JsonPropertyName("concurrency")] int? Concurrency,
        [property: JsonPropertyName("headless")] bool? Headless,
        [property: JsonPropertyName("visible")] bool? Visible,
        [property: JsonPropertyName("batch_index")] int? BatchIndex,
        [property: JsonPropertyName("batch_count")] int? BatchCount,
        [property: JsonPropertyName("upload_method")] string? UploadMethod);
}
