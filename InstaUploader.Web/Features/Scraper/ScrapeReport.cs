using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>
/// A worker's PATCH body for a scrape task: <c>{"status": "done"|"failed", "result": {...}, "error": "...",
/// "retryable": bool, "retry_after_seconds": n}</c>. <c>account_state</c> (inside result, or top level) reports what happened to the
/// scraping account: a refreshed session, a rate limit, a ban. It is applied to the account, never stored on the task.
/// </summary>
public sealed record ScrapeReport(
    string Status, JsonObject? Result, string? Error, bool Retryable, TimeSpan? RetryAfter, ScrapeAccountState? AccountState)
{
    public const string AccountStateField = "account_state";

    public static (ScrapeReport? Report, Dictionary<string, string[]> Errors) Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, new() { ["body"] = ["A JSON object is required."] });
        }

        var node = JsonObject.Create(body)!;
        var status = node["status"] is JsonValue s && s.TryGetValue<string>(out var st) ? st : null;
        if (status is not (ScrapeTaskStatuses.Done or ScrapeTaskStatuses.Failed))
        {
            return (null, new() { ["status"] = ["status must be \"done\" or \"failed\"."] });
        }

        var result = node["result"] as JsonObject;
        if (node["result"] is { } r && result is null)
        {
            return (null, new() { ["result"] = ["result must be a JSON object."] });
        }

        var stateNode = result?[AccountStateField] ?? node[AccountStateField];
        result?.Remove(AccountStateField);
        var error = node["error"] is JsonValue e && e.TryGetValue<string>(out var et) ? et : null;
        var retryable = node["retryable"] is JsonValue rv && rv.TryGetValue<bool>(out var rb) && rb;
        TimeSpan? retryAfter = node["retry_after_seconds"] is JsonValue ra && ra.TryGetValue<double>(out var secs) && secs is > 0 and < 86_400
            ? TimeSpan.FromSeconds(secs)
            : null;
        return (new ScrapeReport(status, result?.DeepClone().AsObject(), error, retryable, retryAfter, ScrapeAccountState.From(stateNode as JsonObject)), []);
    }
}

public sealed record ScrapeAccountState(string? Session, DateTimeOffset? RateLimitedUntil, string? Status, string? Error)
{
    public static ScrapeAccountState? From(JsonObject? node) => node is null
        ? null
        : new ScrapeAccountState(
            Text(node, "session"),
            Text(node, "rate_limited_until") is { } until && DateTimeOffset.TryParse(until, out var u) ? u.ToUniversalTime() : null,
            Text(node, "status"),
            Text(node, "error"));

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
}

/// <summary>A full_scrape result: the profile and its recent posts.</summary>
public sealed record ScrapedProfile(
    long? ExternalId, string? FullName, string? Biography, long FollowerCount, long FollowingCount, long MediaCount, bool? IsPrivate,
    JsonArray RecentPosts)
{
    public static (ScrapedProfile? Profile, string? Error) From(JsonObject? result)
    {
        if (result is null)
        {
            return (null, "result is required for a done full_scrape.");
        }

        if (Long(result, "follower_count") is not { } followers || Long(result, "following_count") is not { } following
            || Long(result, "media_count") is not { } media)
        {
            return (null, "result needs follower_count, following_count and media_count as integers.");
        }

        var posts = new JsonArray();
        foreach (var post in (result["recent_posts"] as JsonArray ?? []).OfType<JsonObject>())
        {
            posts.Add(new JsonObject
            {
                ["code"] = post["code"]?.DeepClone(),
                ["caption"] = post["caption"]?.DeepClone(),
                ["like_count"] = post["like_count"]?.DeepClone(),
                ["comment_count"] = post["comment_count"]?.DeepClone(),
                ["taken_at"] = post["taken_at"]?.DeepClone(),
            });
        }

        return (new ScrapedProfile(
            Long(result, "pk"), Text(result, "full_name"), Text(result, "biography"), followers, following, media,
            result["is_private"] is JsonValue p && p.TryGetValue<bool>(out var priv) ? priv : null, posts), null);
    }

    private static long? Long(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>A discover result: the hashtag's post authors with their follower counts.</summary>
public sealed record DiscoveredUser(string Username, long FollowerCount)
{
    public static List<DiscoveredUser> From(JsonObject? result) =>
        [.. (result?["users"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(u => (Name: u["username"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : null,
                Followers: u["follower_count"] is JsonValue f && f.TryGetValue<long>(out var l) ? l : -1))
            .Where(u => u.Name is not null)
            .Select(u => new DiscoveredUser(u.Name!, u.Followers))];
}
