using System.Text.Json;
using System.Text.Json.Nodes;
using InstaUploader.Contracts.Queue;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Queue;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Builds what a worker needs to run work: the account block of the aggregate and of a claimed item
/// (username, password, tfa_secret, email_username, email_password, dolphin_profile_id, proxy) and the
/// kind-specific payload, for authenticated workers only. Secrets arrive decrypted (by EF's SecretConverter, or by
/// ClaimedItemRow.Read for the claim statement).
/// </summary>
public sealed class WorkPayloads(AppDbContext db)
{
    public static AccountBlock? AccountBlock(Account? a) => a is null ? null : new(
        a.Id, a.Username, a.Password, a.TwoFactorSecret, a.EmailLogin, a.EmailPassword, a.DolphinProfileId, ProxyBlock(a.Proxy),
        a.SessionSettings, a.Cookies);

    public static ProxyBlock? ProxyBlock(Proxy? p) => p is null ? null : Contracts.Queue.ProxyBlock.Of(p.Id, p.Scheme, p.Host, p.Port, p.Username, p.Password);

    /// <summary>A contract record as a node of a free-form body (aggregate, payload).</summary>
    public static JsonNode? Node<T>(T? value) => value is null ? null : JsonSerializer.SerializeToNode(value, ProtocolJson.Options);

    public static JsonObject Options(AutomationTask task) => Options(task.Options);

    private static JsonObject Options(string? json) => JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json) as JsonObject ?? [];

    public static JsonArray Videos(IEnumerable<TaskVideo> videos) =>
        [.. videos.OrderBy(v => v.Order).Select(v => Node(new VideoBlock(
            v.MediaId, v.Id, v.Order, v.Title, v.Location, v.Mentions, v.Media?.Sha256, v.Media?.SizeBytes, null)))];

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
                payload["category"] = category is null ? null : Node(new CategoryBlock(category.Id, category.Name));
                payload["targets"] = new JsonArray([.. (category?.Targets ?? []).Select(t => (JsonNode)JsonValue.Create(t.Username))]);
                payload["follow_min"] = options["follow_min"]?.DeepClone();
                payload["follow_max"] = options["follow_max"]?.DeepClone();
                payload["follow_targets"] = OriginalShapes.Targets(category?.Targets.Select(t => t.Username) ?? []);
                break;
        }

        return payload;
    }

    /// <summary>The body of a successful claim_next: the claimed item, its account and its payload.</summary>
    public Task<ClaimedItem> ClaimedItemAsync(ClaimedItemRow work, CancellationToken ct) => ClaimedItemAsync(work, null, ct);

    /// <summary>The items of a claim with a limit: each task's payload is loaded once for all its items.</summary>
    public async Task<List<object>> ClaimedItemsAsync(IReadOnlyList<ClaimedItemRow> claimed, CancellationToken ct)
    {
        var taskPayloads = new Dictionary<int, JsonObject>();
        var items = new List<object>(claimed.Count);
        foreach (var work in claimed)
        {
            items.Add(await ClaimedItemAsync(work, taskPayloads, ct));
        }

        return items;
    }

    private async Task<ClaimedItem> ClaimedItemAsync(ClaimedItemRow work, Dictionary<int, JsonObject>? taskPayloads, CancellationToken ct)
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
            payload["proxy"] = Node(ProxyBlock(work.ItemProxy));
        }

        if (work.TaskKind == TaskKinds.BulkUpload && item.MediaId is { } video && payload["videos"] is JsonArray videos)
        {
            // A scheduled upload posts one video per item, at the item's own due time.
            payload["videos"] = new JsonArray([.. videos.Where(v => v?["id"]?.GetValue<int>() == video).Select(v => v!.DeepClone())]);
        }
        else if (item.MediaId is not null)
        {
            payload["media"] = Node(work.Media);
            payload["copy_index"] = item.Position;
        }

        return new ClaimedItem(
            item.Id, item.Id, item.TaskId, item.Kind, item.Position, item.Status, item.Attempts, item.MaxAttempts, item.LeaseOwner,
            item.LeaseExpiresAt, item.CreatedAt, item.StartedAt, AccountBlock(item.Account), payload);
    }

    public static readonly JsonSerializerOptions Json = JsonInputRules.Apply(new(JsonSerializerDefaults.Web));
}
