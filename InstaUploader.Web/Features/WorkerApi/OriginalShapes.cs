using System.Text.Json.Nodes;
using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// The fields the original Python worker's pydantic models require of an aggregate (WarmupAggregate.actions,
/// AvatarAggregate.images/strategy, BioAggregate.link_url, FollowAggregate.targets/options, CookieRobotAggregate.config),
/// drawn from our task options. Claimed items carry the same fields (WorkPayloads.TaskPayloadAsync), so the two
/// paths read one source and cannot drift.
/// </summary>
public static class OriginalShapes
{
    public static readonly string[] AvatarStrategies = ["random_reuse", "one_to_one"];

    public static void AddKindFields(string kind, JsonObject options, JsonObject payload)
    {
        switch (kind)
        {
            case TaskKinds.Warmup:
                var scrolls = Int(options, "feed_scrolls") ?? 3;
                payload["actions"] = new JsonObject
                {
                    ["feed_scroll_min_count"] = scrolls,
                    ["feed_scroll_max_count"] = scrolls,
                    ["like_min_count"] = Min(options, "likes"),
                    ["like_max_count"] = Max(options, "likes"),
                    ["view_stories_min_count"] = Min(options, "stories"),
                    ["view_stories_max_count"] = Max(options, "stories"),
                    ["follow_min_count"] = Min(options, "follows"),
                    ["follow_max_count"] = Max(options, "follows"),
                };
                break;
            case TaskKinds.Avatar:
                var strategy = options["strategy"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? options["strategy"]!.GetValue<string>() : null;
                payload["strategy"] = strategy is not null && AvatarStrategies.Contains(strategy) ? strategy : AvatarStrategies[0];
                payload["images"] = new JsonArray([.. Ints(options, "image_ids").Select((id, i) => (JsonNode)new JsonObject
                {
                    ["id"] = id, ["order"] = i, ["url"] = null,
                })]);
                break;
            case TaskKinds.Bio:
                payload["link_url"] = options["external_url"]?.DeepClone();
                break;
            case TaskKinds.Follow when payload["options"] is JsonObject copy:
                // FollowOptions reads follow_min_count/follow_max_count (defaults 3/10 when absent).
                copy["follow_min_count"] = Min(options, "follow");
                copy["follow_max_count"] = Max(options, "follow");
                break;
            case TaskKinds.CookieRobot:
                payload["config"] = new JsonObject
                {
                    ["urls"] = options["urls"]?.DeepClone() ?? new JsonArray(),
                    ["headless"] = Bool(options, "headless") ?? true,
                    ["imageless"] = Bool(options, "imageless") ?? false,
                };
                break;
        }
    }

    /// <summary>FollowAggregate.targets: <c>[{"username": …}]</c>.</summary>
    public static JsonArray Targets(IEnumerable<string> usernames) =>
        [.. usernames.Select(u => (JsonNode)new JsonObject { ["username"] = u })];

    /// <summary>
    /// ProxyDiagnosticsAggregate.accounts[].account for an item that checks a proxy with no account: AccountDetails
    /// requires a username and password, so the proxy's item stands in for them; the proxy block is the real one.
    /// </summary>
    public static JsonObject ProxyOnlyAccount(long itemId, Proxy proxy) => new()
    {
        ["id"] = null,
        ["username"] = $"proxy-{proxy.Id}",
        ["password"] = "",
        ["proxy_only"] = true,
        ["proxy_item_id"] = itemId,
        ["proxy"] = WorkPayloads.Node(WorkPayloads.ProxyBlock(proxy)),
    };

    private static int Min(JsonObject o, string prefix) => Math.Max(0, Int(o, $"{prefix}_min") ?? Int(o, $"{prefix}_max") ?? 0);

    private static int Max(JsonObject o, string prefix) => Math.Max(Min(o, prefix), Int(o, $"{prefix}_max") ?? 0);

    private static int? Int(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : o[name] is JsonValue d && d.TryGetValue<double>(out var f) && f == Math.Floor(f) ? (int)f : null;

    private static bool? Bool(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    private static IEnumerable<int> Ints(JsonObject o, string name) =>
        o[name] is JsonArray a ? a.OfType<JsonValue>().Select(v => v.TryGetValue<int>(out var i) ? (int?)i : null).OfType<int>() : [];
}
