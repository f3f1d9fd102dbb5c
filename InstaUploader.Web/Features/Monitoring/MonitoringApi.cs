using System.Text.Json;
using InstaUploader.Contracts.Registry;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Dashboard;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Workers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Monitoring;

/// <summary>Worker metrics and errors, system health and restart requests (docs/protocol.md#registration).</summary>
public static class MonitoringApi
{
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        var workers = app.MapGroup(WorkerRoutes.WorkersGroup).RequireWorker().WithTags("Monitoring");
        workers.MapPost(WorkerRoutes.MetricsTemplate, async Task<Results<Created<OkAnswer>, ValidationProblem>> (MetricsReport body, AppDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body.WorkerId) || body.Metrics is not { ValueKind: JsonValueKind.Object } metrics)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    [string.IsNullOrWhiteSpace(body.WorkerId) ? "worker_id" : "metrics"] = ["Required (metrics: a JSON object)."],
                });
            }

            var now = time.GetUtcNow();
            db.WorkerMetrics.Add(new WorkerMetricSample { WorkerId = body.WorkerId, Metrics = metrics.GetRawText(), At = now });
            await db.Workers.Where(w => w.Id == body.WorkerId).ExecuteUpdateAsync(s => s.SetProperty(w => w.Metrics, metrics.GetRawText()), ct);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created((string?)null, OkAnswer.Instance);
        });
        workers.MapPost(WorkerRoutes.ErrorsTemplate, async Task<Results<Created<ErrorAnswer>, ValidationProblem>> (ErrorReport body, AppDbContext db, TimeProvider time, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(body.WorkerId))
            {
                errors["worker_id"] = ["Required."];
            }

            if (string.IsNullOrWhiteSpace(body.Message))
            {
                errors["message"] = ["Required."];
            }

            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }

            var error = new WorkerError
            {
                WorkerId = body.WorkerId!, Message = body.Message![..Math.Min(body.Message!.Length, 4000)], Kind = body.Kind,
                Details = body.Details, ItemId = body.ItemId, At = time.GetUtcNow(),
            };
            db.WorkerErrors.Add(error);
            await db.SaveChangesAsync(ct);
            return TypedResults.Created((string?)null, new ErrorAnswer(error.Id));
        });

        var ops = app.MapGroup("/api").RequireAuthorization(AuthExtensions.OperatorPolicy).WithTags("Monitoring");
        ops.MapGet("/system/health", SystemHealthAsync);
        ops.MapGet("/workers/errors", async (int? limit, AppDbContext db, CancellationToken ct) =>
            Results.Json(await db.WorkerErrors.AsNoTracking().OrderByDescending(e => e.At).Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(ct)));
        ops.MapPost("/workers/{workerId}/restart", async (string workerId, WorkerRestarts restarts, CancellationToken ct) =>
            !await restarts.RequestAsync(workerId, ct)
                ? Results.Problem(statusCode: 404, title: "Not found", detail: $"No worker '{workerId}'.")
                : Results.Json(new { worker_id = workerId, restart_requested = true }, statusCode: StatusCodes.Status202Accepted));
        return app;
    }

    private static async Task<IResult> SystemHealthAsync(AppDbContext db, ThroughputQuery throughput, TimeProvider time, CancellationToken ct)
    {
        var hourAgo = time.GetUtcNow().AddHours(-1);
        var workers = await db.Workers.AsNoTracking().GroupBy(w => w.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var items = await db.TaskItems.AsNoTracking().GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var lastHour = await throughput.LastHourAsync(ct);
        var errorsLastHour = await db.WorkerErrors.CountAsync(e => e.At >= hourAgo, ct);
        var online = workers.FirstOrDefault(w => w.Key == WorkerStatuses.Online)?.Count ?? 0;
        return Results.Json(new
        {
            status = online > 0 ? "ok" : "degraded",
            database = "ok",
            workers = workers.ToDictionary(w => w.Key, w => w.Count),
            items = items.ToDictionary(i => i.Key, i => i.Count),
            items_done_last_hour = lastHour.Sum(b => b.Done),
            items_failed_last_hour = lastHour.Sum(b => b.Failed),
            errors_last_hour = errorsLastHour,
        });
    }

}
