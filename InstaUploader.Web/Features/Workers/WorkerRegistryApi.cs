using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using InstaUploader.Contracts.Registry;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Queue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Workers;

/// <summary>Workers register and beat here (docs/protocol.md); operators read worker state.</summary>
public static class WorkerRegistryApi
{
    public static IEndpointRouteBuilder MapWorkerRegistryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WorkerRoutes.WorkersGroup).RequireWorker().WithTags("Workers");
        api.MapPost(WorkerRoutes.RegisterTemplate, RegisterAsync);
        api.MapPost(WorkerRoutes.HeartbeatTemplate, HeartbeatAsync);

        // Operators (and the UI) read worker state; the status call goes out to the worker itself.
        var ops = app.MapGroup("/api/workers").RequireAuthorization(AuthExtensions.OperatorPolicy).WithTags("Workers");
        ops.MapGet("/", ListAsync);
        ops.MapGet("/{workerId}/status", StatusAsync);
        return app;
    }

    private static async Task<Ok<RegisterAnswer>> RegisterAsync(
        RegisterRequest body, AppDbContext db, WorkItems items, Channel<DispatchRequest> dispatch, TimeProvider time, CancellationToken ct)
    {
        await UpsertAsync(db, body.WorkerId, body.BaseUrl, body.Version, body.Capacity, body.NudgeToken, time.GetUtcNow(), ct);

        // A replica killed with items in hand is restarted under the same name within seconds; its items need not
        // wait out their leases (minutes), since the process that held them is gone.
        if (body.FreshStart == true && await items.RescueOrphansOfAsync(body.WorkerId, WorkItems.Restarted, ct) > 0)
        {
            dispatch.Writer.TryWrite(DispatchRequest.WakeWorkers);
        }

        return TypedResults.Ok(new RegisterAnswer(body.WorkerId, WorkerStatuses.Online, (int)WorkerMonitor.HeartbeatInterval.TotalSeconds));
    }

    /// <summary>Registers or re-registers a worker in one statement: replicas re-register after every restart and may race.</summary>
    public static Task UpsertAsync(AppDbContext db, string workerId, string baseUrl, string? version, int capacity, string? nudgeToken, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO workers (id, base_url, version, status, active_jobs, capacity, restart_requested, registered_at, last_heartbeat_at, nudge_token)
            VALUES ({workerId}, {baseUrl}, {version}, {WorkerStatuses.Online}, 0, {capacity}, false, {now}, {now}, {nudgeToken})
            ON CONFLICT (id) DO UPDATE SET base_url = excluded.base_url, version = excluded.version, status = excluded.status,
                capacity = excluded.capacity, restart_requested = false, registered_at = excluded.registered_at,
                last_heartbeat_at = excluded.last_heartbeat_at, nudge_token = excluded.nudge_token
            """, ct);

    private static async Task<Results<Ok<HeartbeatAnswer>, ProblemHttpResult>> HeartbeatAsync(
        HeartbeatRequest body, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var worker = await db.Workers.FindAsync([body.WorkerId], ct);
        if (worker is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Unknown worker", detail: $"Worker '{body.WorkerId}' is not registered; register first.");
        }

        worker.LastHeartbeatAt = time.GetUtcNow();
        worker.ActiveJobs = body.ActiveJobs;
        worker.Status = WorkerStatuses.Online;
        if (body.Metrics is { } m)
        {
            worker.Metrics = m.GetRawText();
        }

        var restart = worker.RestartRequested;
        worker.RestartRequested = false;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new HeartbeatAnswer(true, restart));
    }

    private static async Task<Ok<List<WorkerNode>>> ListAsync(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Workers.AsNoTracking().OrderBy(w => w.Id).ToListAsync(ct));

    private static async Task<Results<Ok<WorkerStatusResponse>, NotFound>> StatusAsync(
        string workerId, AppDbContext db, WorkerControlClient client, CancellationToken ct)
    {
        var worker = await db.Workers.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workerId, ct);
        if (worker is null)
        {
            return TypedResults.NotFound();
        }

        if (!Uri.TryCreate(worker.BaseUrl, UriKind.Absolute, out var baseUrl))
        {
            return TypedResults.NotFound();
        }

        var live = await client.GetStatusAsync(baseUrl, worker.NudgeToken, ct);
        return TypedResults.Ok(new WorkerStatusResponse(worker, live, Activity.Current?.TraceId.ToString()));
    }

    public sealed record WorkerStatusResponse(
        [property: JsonPropertyName("worker")] WorkerNode Worker,
        [property: JsonPropertyName("live")] JsonElement? Live,
        [property: JsonPropertyName("trace_id")] string? TraceId);
}
