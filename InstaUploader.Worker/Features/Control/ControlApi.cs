using InstaUploader.Contracts.Control;
using InstaUploader.Worker.Compat;
using InstaUploader.Worker.Jobs;
using InstaUploader.Worker.WebApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Features.Control;

/// <summary>
/// The worker's own routes, which the Web calls (docs/protocol.md). Health is open; everything else needs the
/// shared bearer token. /api/process-query is our nudge: the worker claims work atomically from the Web, it never
/// trusts that the nudged query is still there. The original Web's routes (start calls, jobs, monitoring) are in Compat/.
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
        api.MapOriginalStarts();

        // The push nudge. The query_id is deliberately ignored: claim_next picks the right item atomically.
        app.MapPost(ControlRoutes.ProcessQuery, (ProcessQueryRequest? body, ClaimLoop claims) =>
        {
            claims.Trigger();
            return TypedResults.Ok(ProcessQueryAnswer.Accepted);
        }).RequireAuthorization().RequireRateLimiting(RateLimitPolicy).WithBodyLimit();
        return app;
    }
}
