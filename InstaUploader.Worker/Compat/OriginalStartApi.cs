using InstaUploader.Contracts.Control;
using InstaUploader.Worker.Jobs;
using InstaUploader.Worker.WebApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Compat;

/// <summary>
/// The original Web's start calls (POST /api/v1/bulk-upload/start with a JSON body, /api/v1/{kind}/start?task_id= for
/// the others): each is recorded as a job (SharedJobsApi) and wakes the claim loop as /api/process-query does. Our
/// Web sends them only to workers that registered the original way; ours are nudged with process-query.
/// </summary>
public static class OriginalStartApi
{
    public static void MapOriginalStarts(this RouteGroupBuilder api)
    {
        api.MapPost(ControlRoutes.StartTemplate(StartPaths.Segment(TaskKinds.BulkUpload)), async Task<Results<Ok<StartAnswer>, ProblemHttpResult, ValidationProblem>> (
            BulkStartRequest body, JobTracker jobs, ClaimLoop claims, WebApiClient web, IOptions<WorkerOptions> options, HttpResponse response, CancellationToken ct) =>
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

            return await SharedJobsApi.AcceptAsync(TaskKinds.BulkUpload, body.TaskId!.Value, body.Options, jobs, claims, web, options, response, ct);
        });

        foreach (var (segment, kind) in StartPaths.QueryStarted)
        {
            api.MapPost(ControlRoutes.StartTemplate(segment), async Task<Results<Ok<StartAnswer>, ProblemHttpResult, ValidationProblem>> (
                int? task_id, JobTracker jobs, ClaimLoop claims, WebApiClient web, IOptions<WorkerOptions> options, HttpResponse response, CancellationToken ct) =>
            {
                if (task_id is null or < 1)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["task_id"] = ["Required query parameter, a positive task id."] });
                }

                return await SharedJobsApi.AcceptAsync(kind, task_id.Value, null, jobs, claims, web, options, response, ct);
            });
        }
    }
}
