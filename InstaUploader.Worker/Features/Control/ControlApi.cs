using InstaUploader.Contracts.Control;
using InstaUploader.Worker.Jobs;
using InstaUploader.Worker.WebApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Features.Control;

/// <summary>
/// The worker's own routes, which the Web calls (docs/protocol.md). Health is open; everything else needs the
/// shared bearer token. Start calls and /api/process-query are nudges: the worker claims work atomically from the
/// Web, it never trusts that the nudged task or query is still there.
/// </summary>
public static class ControlApi
{
    public const string RateLimitPolicy = "worker-api";

    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(ControlRoutes.Health, () => TypedResults.Ok(new HealthAnswer(true))).AllowAnonymous();

        var api = app.MapGroup(ControlRoutes.Prefix).RequireAuthorization().RequireRateLimiting(RateLimitPolicy).WithBodyLimit();
        api.MapGet(ControlRoutes.StatusTemplate, (IOptions<WorkerOptions> options, WorkerActivity activity, IHostApplicationLifetime life) =>
            TypedResults.Ok(OriginalMonitoringApi.Status(options.Value, activity, life)));
        app.MapOriginalMonitoring(api);
        api.MapSharedJobs();

        api.MapPost(ControlRoutes.StartTemplate(StartPaths.Segment(TaskKinds.BulkUpload)), async Task<Results<Ok<StartAnswer>, ProblemHttpResult, ValidationProblem>> (
            BulkStartRequest body, JobTracker jobs, JobManager manager, WebApiClient web, IOptions<WorkerOptions> options, HttpResponse response, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (body.Mode is not null && body.Mode != BulkStartRequest.PullMode)
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
                return TypedResults.ValidationProblem(errors);
            }

            return await SharedJobsApi.AcceptAsync(TaskKinds.BulkUpload, body.TaskId!.Value, body.Options, jobs, manager, web, options, response, ct);
        });

        foreach (var (segment, kind) in StartPaths.QueryStarted)
        {
            api.MapPost(ControlRoutes.StartTemplate(segment), async Task<Results<Ok<StartAnswer>, ProblemHttpResult, ValidationProblem>> (
                int? task_id, JobTracker jobs, JobManager manager, WebApiClient web, IOptions<WorkerOptions> options, HttpResponse response, CancellationToken ct) =>
            {
                if (task_id is null or < 1)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["task_id"] = ["Required query parameter, a positive task id."] });
                }

                return await SharedJobsApi.AcceptAsync(kind, task_id.Value, null, jobs, manager, web, options, response, ct);
            });
        }

        // The push nudge. The query_id is deliberately ignored: claim_next picks the right item atomically.
        app.MapPost(ControlRoutes.ProcessQuery, (ProcessQueryRequest? body, JobManager manager) =>
        {
            manager.Trigger();
            return TypedResults.Ok(ProcessQueryAnswer.Accepted);
        }).RequireAuthorization().RequireRateLimiting(RateLimitPolicy).WithBodyLimit();
        return app;
    }
}
