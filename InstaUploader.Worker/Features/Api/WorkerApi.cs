using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Features.Api;

/// <summary>Seed 001 worker API: health (open) and status (token).</summary>
public static class WorkerApi
{
    public static IEndpointRouteBuilder MapWorkerApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapGet("/health", () => Results.Json(new { ok = true })).AllowAnonymous();

        api.MapGet("/status", (IOptions<WorkerOptions> options, WorkerActivity activity) => Results.Json(new
        {
            worker_id = options.Value.WorkerId,
            active_jobs = activity.ActiveJobs,
            metrics = activity.Metrics(),
            // The trace this request belongs to: lets callers check that trace context crossed the hop.
            trace_id = Activity.Current?.TraceId.ToString(),
        })).RequireAuthorization();
        return app;
    }
}
