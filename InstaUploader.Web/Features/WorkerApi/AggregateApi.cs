using System.Text.Json.Nodes;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Aggregates (docs/protocol.md#aggregates): everything a pull-mode worker needs for a task in one document. Workers in
/// aggregate mode take the accounts where index % batch_count == batch_index. Each body also validates against the
/// original worker's model of its kind (BulkTaskAggregate, WarmupAggregate, …; see OriginalShapes).
/// </summary>
public static class AggregateApi
{
    public static IEndpointRouteBuilder MapAggregateApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WorkerRoutes.Prefix).RequireWorker().WithTags("Worker API");
        api.MapGet(WorkerRoutes.BulkAggregateTemplate, (int id, AppDbContext db, WorkPayloads payloads, CancellationToken ct) =>
            AggregateAsync(TaskKinds.BulkUpload, id, db, payloads, ct));
        api.MapGet(WorkerRoutes.AggregateTemplate, (string kind, int id, AppDbContext db, WorkPayloads payloads, CancellationToken ct) =>
            AggregateAsync(kind, id, db, payloads, ct));
        return app;
    }

    /// <summary>The aggregate's shape depends on the kind (the original worker's model of it), so it stays a JSON object.</summary>
    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> AggregateAsync(string kind, int id, AppDbContext db, WorkPayloads payloads, CancellationToken ct)
    {
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.Kind == kind, ct);
        if (task is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No {kind} task {id}.");
        }

        var items = await db.TaskItems.AsNoTracking()
            .Include(i => i.Account).ThenInclude(a => a!.Proxy)
            .Where(i => i.TaskId == id)
            .OrderBy(i => i.Position).ThenBy(i => i.Id)
            .ToListAsync(ct);

        var itemProxyIds = items.Where(i => i.ProxyId is not null).Select(i => i.ProxyId!.Value).Distinct().ToList();
        var itemProxies = itemProxyIds.Count == 0
            ? []
            : await db.Proxies.AsNoTracking().Where(p => itemProxyIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

        // accounts[] is what every original aggregate model reads; a proxy check with no account stands in for one.
        JsonNode? AccountOf(TaskItem i) =>
            i.Account is not null ? WorkPayloads.Node(WorkPayloads.AccountBlock(i.Account))
            : i.ProxyId is { } pid && itemProxies.TryGetValue(pid, out var proxy) ? OriginalShapes.ProxyOnlyAccount(i.Id, proxy)
            : null;

        var body = new JsonObject
        {
            ["id"] = task.Id,
            ["kind"] = task.Kind,
            ["name"] = task.Name,
            ["status"] = task.Status,
            ["accounts"] = new JsonArray([.. items.Select(i => (i, account: AccountOf(i))).Where(x => x.account is not null).Select(x => (JsonNode)new JsonObject
            {
                ["account_task_id"] = x.i.Id,
                ["status"] = x.i.Status,
                ["account"] = x.account,
            })]),
        };
        foreach (var (key, value) in await payloads.TaskPayloadAsync(task, ct))
        {
            body[key] = value?.DeepClone();
        }

        switch (kind)
        {
            case TaskKinds.Follow:
                // FollowAggregate.targets is [{username}]; our claim payload keeps plain usernames under "targets".
                body["target_usernames"] = body["targets"]?.DeepClone() ?? new JsonArray();
                body["targets"] = body["follow_targets"]?.DeepClone() ?? new JsonArray();
                break;
            case TaskKinds.ProxyDiag:
                body["proxies"] = new JsonArray([.. items.Select(i => (i, proxy: i.ProxyId is { } pid && itemProxies.TryGetValue(pid, out var p) ? p : i.Account?.Proxy))
                    .Where(x => x.proxy is not null)
                    .Select(x => (JsonNode)new JsonObject { ["account_task_id"] = x.i.Id, ["proxy"] = WorkPayloads.Node(WorkPayloads.ProxyBlock(x.proxy)) })]);
                break;
            case TaskKinds.MediaUniq:
                body["videos"] = new JsonArray([.. items.Where(i => i.MediaId is not null).GroupBy(i => i.MediaId!.Value).Select(g => (JsonNode)new JsonObject
                {
                    ["id"] = g.Key, ["url"] = null, ["copies"] = g.Count(),
                })]);
                break;
        }

        if (kind is TaskKinds.ProxyDiag or TaskKinds.MediaUniq)
        {
            body["items"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
            {
                ["account_task_id"] = i.Id, ["status"] = i.Status, ["proxy_id"] = i.ProxyId, ["media_id"] = i.MediaId, ["copy_index"] = i.Position,
            })]);
        }

        return TypedResults.Ok(body);
    }
}
