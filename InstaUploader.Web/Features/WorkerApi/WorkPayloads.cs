using System.Text.Json;
using System.Text.Json.Nodes;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Queue;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Builds what a worker needs to run work: the account block of seed 000's aggregate
/// (username, password, tfa_secret, email_username, email_password, dolphin_profile_id, proxy) and the
/// kind-specific payload, for authenticated workers only. Secrets arrive decrypted (by EF's SecretConverter, or by
/// ClaimedWork.Read for the claim statement).
/// </summary>
public sealed class WorkPayloads(AppDbContext db)
{
    public static JsonObject? AccountBlock(Account? a) => a is null ? null : new JsonObject
    {
        ["id"] = a.Id,
        ["username"] = a.Username,
        ["password"] = a.Password,
        ["tfa_secret"] = a.TwoFactorSecret,
        ["email_username"] = a.EmailLogin,
        ["email_password"] = a.EmailPassword,
        ["dolphin_profile_id"] = a.DolphinProfileId,
        ["proxy"] = ProxyBlock(a.Proxy),
        ["session_settings"] = a.SessionSettings,
        ["cookies"] = a.Cookies,
    };

    /// <summary>
    /// Our names (scheme, username, password) beside the original worker's ProxyData names (type, user, pass): its
    /// model ignores unknown keys, so without type/user/pass it would lose the credentials and treat socks5 as http.
    /// </summary>
    public static JsonObject? ProxyBlock(Proxy? p) => p is null ? null : new JsonObject
    {
        ["id"] = p.Id,
        ["scheme"] = p.Scheme,
        ["type"] = p.Scheme,
        ["host"] = p.Host,
        ["port"] = p.Port,
        ["username"] = p.Username,
        ["password"] = p.Password,
        ["user"] = p.Username,
        ["pass"] = p.Password,
    };

    public static JsonObject Options(AutomationTask task) => Options(task.Options);

    private static JsonObject Options(string? json) => JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json) as JsonObject ?? [];

    public static JsonArray Videos(IEnumerable<TaskVideo> videos) =>
        [.. videos.OrderBy(v => v.Order).Select(v => (JsonNode)new JsonObject
        {
            ["id"] = v.MediaId,
            ["task_video_id"] = v.Id,
            ["order"] = v.Order,
            ["title"] = v.Title,
            ["location"] = v.Location,
            ["mentions"] = v.Mentions,
            ["sha256"] = v.Media?.Sha256,
            ["size_bytes"] = v.Media?.SizeBytes,
            ["url"] = null,
        })];

    /// <summary>Kind-specific data of a task, shared by the aggregate and by claimed items.</summary>
    public Task<JsonObject> TaskPayloadAsync(AutomationTask task, CancellationToken ct) => TaskPayloadAsync(task.Id, task.Kind, task.Options, ct);

    private async Task<JsonObject> TaskPayloadAsync(int taskId, string kind, string optionsJson, CancellationToken ct)
    {
        var options = Options(optionsJson);
        var payload = new JsonObject { ["options"] = options.DeepClone() };
        OriginalShapes.AddKindFields(kind, options, payload);
        switch (kind)
        {
            case TaskKinds.BulkUpload:
                var videos = await db.TaskVideos.AsNoTracking().Include(v => v.Media).Where(v => v.TaskId == taskId).ToListAsync(ct);
                payload["videos"] = Videos(videos);
                payload["default_location"] = options["default_location"]?.DeepClone();
                payload["default_mentions"] = options["default_mentions"]?.DeepClone();
                payload["upload_method"] = options["upload_method"]?.DeepClone();
                break;
            case TaskKinds.Follow when options["category_id"]?.GetValue<int>() is { } categoryId:
                var category = await db.FollowCategories.AsNoTracking().Include(c => c.Targets).FirstOrDefaultAsync(c => c.Id == categoryId, ct);
                payload["category"] = category is null ? null : new JsonObject { ["id"] = category.Id, ["name"] = category.Name };
                payload["targets"] = new JsonArray([.. (category?.Targets ?? []).Select(t => (JsonNode)JsonValue.Create(t.Username))]);
                payload["follow_min"] = options["follow_min"]?.DeepClone();
                payload["follow_max"] = options["follow_max"]?.DeepClone();
                payload["follow_targets"] = OriginalShapes.Targets(category?.Targets.Select(t => t.Username) ?? []);
                break;
        }

        return payload;
    }

    /// <summary>The body of a successful claim_next: the claimed item, its account and its payload.</summary>
    public Task<JsonObject> ClaimedItemAsync(ClaimedWork work, CancellationToken ct) => ClaimedItemAsync(work, null, ct);

    /// <summary>The items of a claim with a limit, as a JSON array: each task's payload is loaded once for all its items.</summary>
    public async Task<JsonArray> ClaimedItemsAsync(IReadOnlyList<ClaimedWork> claimed, CancellationToken ct)
    {
        var taskPayloads = new Dictionary<int, JsonObject>();
        var items = new JsonArray();
        foreach (var work in claimed)
        {
            items.Add(await ClaimedItemAsync(work, taskPayloads, ct));
        }

        return items;
    }

    private async Task<JsonObject> ClaimedItemAsync(ClaimedWork work, Dictionary<int, JsonObject>? taskPayloads, CancellationToken ct)
    {
        var item = work.Item;
        JsonObject payload;
        if (taskPayloads is null)
        {
            payload = await TaskPayloadAsync(item.TaskId, work.TaskKind, work.TaskOptions, ct);
        }
        else
        {
            if (!taskPayloads.TryGetValue(item.TaskId, out var shared))
            {
                taskPayloads[item.TaskId] = shared = await TaskPayloadAsync(item.TaskId, work.TaskKind, work.TaskOptions, ct);
            }

            payload = (JsonObject)shared.DeepClone();
        }

        if (item.ProxyId is not null)
        {
            payload["proxy"] = ProxyBlock(work.ItemProxy);
        }

        if (item.MediaId is not null)
        {
            payload["media"] = work.Media is not { } media ? null : new JsonObject
            {
                ["id"] = media.Id, ["kind"] = media.Kind, ["file_name"] = media.FileName, ["sha256"] = media.Sha256, ["size_bytes"] = media.SizeBytes,
            };
            payload["copy_index"] = item.Position;
        }

        return new JsonObject
        {
            ["id"] = item.Id,
            ["account_task_id"] = item.Id,
            ["task_id"] = item.TaskId,
            ["kind"] = item.Kind,
            ["position"] = item.Position,
            ["status"] = item.Status,
            ["attempts"] = item.Attempts,
            ["max_attempts"] = item.MaxAttempts,
            ["lease_owner"] = item.LeaseOwner,
            ["lease_expires_at"] = item.LeaseExpiresAt,
            ["query_created"] = item.CreatedAt,
            ["query_started"] = item.StartedAt,
            ["account"] = AccountBlock(item.Account),
            ["payload"] = payload,
        };
    }

    public static readonly JsonSerializerOptions Json = JsonInputRules.Apply(new(JsonSerializerDefaults.Web));
}
