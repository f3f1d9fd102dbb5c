using System.Text.Json;
using System.Text.Json.Serialization;
using InstaUploader.Contracts.Registry;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Workers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Compat;

/// <summary>
/// The original worker's registration (POST /api/worker/register {base_url, name?, capacity?}) and heartbeat
/// (POST /api/worker/heartbeat {base_url, resource_stats?, active_tasks?}): no worker_id, so a worker is known by
/// its name, else its base URL, and found again by its base URL. Both answer {"ok": true} as the original Web does.
/// </summary>
public static class OriginalWorkerRegistryApi
{
    public static IEndpointRouteBuilder MapOriginalWorkerRegistryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WorkerRoutes.OriginalWorkerGroup).RequireWorker().WithTags("Workers");
        api.MapPost(WorkerRoutes.RegisterTemplate, RegisterAsync);
        api.MapPost(WorkerRoutes.HeartbeatTemplate, HeartbeatAsync);
        return app;
    }

    public sealed record RegisterRequest(
        [property: JsonPropertyName("worker_id")] string? WorkerId,
        [property: JsonPropertyName("base_url")] string? BaseUrl,
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("capacity")] int? Capacity);

    public sealed record HeartbeatRequest(
        [property: JsonPropertyName("worker_id")] string? WorkerId,
        [property: JsonPropertyName("base_url")] string? BaseUrl,
        [property: JsonPropertyName("active_tasks")] int? ActiveTasks,
        [property: JsonPropertyName("current_jobs")] int? CurrentJobs,
        [property: JsonPropertyName("resource_stats")] JsonElement? ResourceStats,
        [property: JsonPropertyName("metrics")] JsonElement? Metrics);

    private static async Task<Results<Ok<OkAnswer>, ValidationProblem>> RegisterAsync(
        RegisterRequest body, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (BaseUrlError(body.BaseUrl) is { } error)
        {
            return error;
        }

        if (body.Capacity is < 1)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["capacity"] = ["Must be at least 1."] });
        }

        var id = FirstNonEmpty(body.WorkerId, body.Name) ?? body.BaseUrl!;
        await WorkerRegistryApi.UpsertAsync(db, id, body.BaseUrl!, "original", body.Capacity ?? 1, null, time.GetUtcNow(), ct);
        return TypedResults.Ok(OkAnswer.Instance);
    }

    private static async Task<Results<Ok<OkAnswer>, ValidationProblem, ProblemHttpResult>> HeartbeatAsync(
        HeartbeatRequest body, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (BaseUrlError(body.BaseUrl) is { } error)
        {
            return error;
        }

        var worker = FirstNonEmpty(body.WorkerId) is { } id
            ? await db.Workers.FirstOrDefaultAsync(w => w.Id == id, ct)
            : await db.Workers.Where(w => w.BaseUrl == body.BaseUrl).OrderByDescending(w => w.LastHeartbeatAt).FirstOrDefaultAsync(ct);
        if (worker is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Unknown worker", detail: $"No worker registered at '{body.BaseUrl}'; register first.");
        }

        worker.LastHeartbeatAt = time.GetUtcNow();
        worker.ActiveJobs = body.ActiveTasks ?? body.CurrentJobs ?? worker.ActiveJobs;
        if (worker.Status == WorkerStatuses.Offline)
        {
            worker.Status = WorkerStatuses.Online;
        }

        if ((body.ResourceStats ?? body.Metrics) is { ValueKind: JsonValueKind.Object } stats)
        {
            worker.Metrics = stats.GetRawText();
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(OkAnswer.Instance);
    }

    private static ValidationProblem? BaseUrlError(string? baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? null
            : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["base_url"] = ["Required: the worker's absolute http(s) URL."] });

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
