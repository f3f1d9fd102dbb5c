using System.Text.Json.Nodes;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Seed 000/001 aggregates: everything a pull-mode worker needs for a task in one document. Workers in
/// aggregate mode take the accounts where index % batch_count == batch_index.
/// </summary>
public static class AggregateApi
{
    public const string KindRoute = "{kind:regex(^(bulk_login|warmup|avatar|bio|follow|proxy_diag|media_uniq)$)}";

    public static IEndpointRouteBuilder MapAggregateApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireWorker().WithTags("Worker API");
        api.MapGet("/bulk-tasks/{id:int}/aggregate", (int id, AppDbContext db, WorkPayloads payloads, CancellationToken ct) =>
            AggregateAsync(TaskKinds.BulkUpload, id, db, payloads, ct));
        api.MapGet($"/{KindRoute}/{{id:int}}/aggregate", (string kind, int id, AppDbContext db, WorkPayloads payloads, CancellationToken ct) =>
            AggregateAsync(kind, id, db, payloads, ct));
        return app;
    }

    private static async Task<IResult> AggregateAsync(string kind, int id, AppDbContext db, WorkPayloads payloads, CancellationToken ct)
    {
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.Kind == kind, ct);
        if (task is null)
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No {kind} task {id}.");
        }

        var items = await db.TaskItems.AsNoTracking()
            .Include(i => i.Account).ThenInclude(a => a!.Proxy)
            .Where(i => i.TaskId == id)
            .OrderBy(i => i.Position).ThenBy(i => i.Id)
            .ToListAsync(ct);

        var body = new JsonObject
        {
            ["id"] = task.Id,
            ["kind"] = task.Kind,
            ["name"] = task.Name,
            ["status"] = task.Status,
            ["accounts"] = new JsonArray([.. items.Where(i => i.AccountId is not null).Select(i => (JsonNode)new JsonObject
            {
                ["account_task_id"] = i.Id,
                ["status"] = i.Status,
                ["account"] = WorkPayloads.AccountBlock(i.Account),
            })]),
        };
        foreach (var (key, value) in await payloads.TaskPayloadAsync(task, ct))
        {
            body[key] = value?.DeepClone();
        }

        if (kind is TaskKinds.ProxyDiag or TaskKinds.MediaUniq)
        {
            body["items"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
            {
                ["account_task_id"] = i.Id, ["status"] = i.Status, ["proxy_id"] = i.ProxyId, ["media_id"] = i.MediaId, ["copy_index"] = i.Position,
            })]);
        }

        return Results.Json(body);
    }
}
