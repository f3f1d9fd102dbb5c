using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstaUploader.Web.Features.Scraper;

// The scraper API's request and response bodies (docs/protocol.md#scraper-api), field for field. Nulls are always
// written: the original API writes them.

public sealed record ScrapeRequest(
    [property: JsonPropertyName("usernames")] List<string?>? Usernames);

public sealed record ScrapeResponse(
    [property: JsonPropertyName("created")] int Created,
    [property: JsonPropertyName("skipped")] int Skipped,
    [property: JsonPropertyName("tasks")] IReadOnlyList<ScrapeTaskRef> Tasks);

public sealed record ScrapeTaskRef(
    [property: JsonPropertyName("task_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] Guid? TaskId,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("blog_id")] Guid BlogId,
    [property: JsonPropertyName("status")] string Status)
{
    public const string Created = "created";
    public const string Skipped = "skipped";
}

public sealed record DiscoverRequest(
    [property: JsonPropertyName("hashtag")] string? Hashtag,
    [property: JsonPropertyName("min_followers")] long? MinFollowers);

public sealed record DiscoverResponse(
    [property: JsonPropertyName("task_id")] Guid TaskId,
    [property: JsonPropertyName("hashtag")] string Hashtag);

public sealed record TaskListResponse(
    [property: JsonPropertyName("tasks")] IReadOnlyList<TaskSummary> Tasks,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] int Offset);

public sealed record TaskSummary(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("blog_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] Guid? BlogId,
    [property: JsonPropertyName("task_type")] string TaskType,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("error_message"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ErrorMessage,
    [property: JsonPropertyName("created_at")] DateTime CreatedAt,
    [property: JsonPropertyName("started_at"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? StartedAt,
    [property: JsonPropertyName("completed_at"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? CompletedAt)
{
    public static TaskSummary From(ScrapeTask t) => new(
        t.Id, t.BlogId, t.TaskType, t.Status, t.Priority, t.Attempts, t.ErrorMessage,
        t.CreatedAt.UtcDateTime, t.StartedAt?.UtcDateTime, t.CompletedAt?.UtcDateTime);
}

/// <summary>GET /api/tasks/{task_id}: the summary's fields plus <c>payload</c>, and <c>result</c> once a worker reported one.</summary>
public sealed record TaskDetail(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("blog_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] Guid? BlogId,
    [property: JsonPropertyName("task_type")] string TaskType,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("payload")] JsonElement Payload,
    [property: JsonPropertyName("error_message"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ErrorMessage,
    [property: JsonPropertyName("created_at")] DateTime CreatedAt,
    [property: JsonPropertyName("started_at"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? StartedAt,
    [property: JsonPropertyName("completed_at"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? CompletedAt,
    [property: JsonPropertyName("result"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] JsonElement? Result)
{
    public static TaskDetail From(ScrapeTask t) => new(
        t.Id, t.BlogId, t.TaskType, t.Status, t.Priority, t.Attempts, ScraperJson.Parse(t.Payload), t.ErrorMessage,
        t.CreatedAt.UtcDateTime, t.StartedAt?.UtcDateTime, t.CompletedAt?.UtcDateTime,
        t.Result is null ? null : ScraperJson.Parse(t.Result));
}

public sealed record HealthResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("accounts_total")] int AccountsTotal,
    [property: JsonPropertyName("accounts_available")] int AccountsAvailable,
    [property: JsonPropertyName("tasks_running")] int TasksRunning,
    [property: JsonPropertyName("tasks_pending")] int TasksPending);

/// <summary>GET /api/blogs/{blog_id}: what the last full_scrape stored.</summary>
public sealed record BlogResponse(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("person_id")] Guid PersonId,
    [property: JsonPropertyName("platform")] string Platform,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("external_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? ExternalId,
    [property: JsonPropertyName("full_name"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FullName,
    [property: JsonPropertyName("biography"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Biography,
    [property: JsonPropertyName("follower_count"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? FollowerCount,
    [property: JsonPropertyName("following_count"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? FollowingCount,
    [property: JsonPropertyName("media_count"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? MediaCount,
    [property: JsonPropertyName("is_private"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] bool? IsPrivate,
    [property: JsonPropertyName("recent_posts")] JsonElement RecentPosts,
    [property: JsonPropertyName("scraped_at"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? ScrapedAt,
    [property: JsonPropertyName("created_at")] DateTime CreatedAt)
{
    public static BlogResponse From(Blog b) => new(
        b.Id, b.PersonId, b.Platform, b.Username, b.ExternalId, b.FullName, b.Biography, b.FollowerCount, b.FollowingCount,
        b.MediaCount, b.IsPrivate, ScraperJson.Parse(b.RecentPosts ?? "[]"), b.ScrapedAt?.UtcDateTime, b.CreatedAt.UtcDateTime);
}

/// <summary>POST /api/scrape-accounts: a scraping account (upserted by username).</summary>
public sealed record ScrapeAccountRequest(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("tfa_secret")] string? TfaSecret,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("email_password")] string? EmailPassword,
    [property: JsonPropertyName("proxy")] string? Proxy = null);

/// <summary>A scraping account as operators see it: never its secrets (the proxy without its credentials).</summary>
public sealed record ScrapeAccountResponse(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("available")] bool Available,
    [property: JsonPropertyName("locked_until"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? LockedUntil,
    [property: JsonPropertyName("rate_limited_until"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? RateLimitedUntil,
    [property: JsonPropertyName("last_used_at"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTime? LastUsedAt,
    [property: JsonPropertyName("last_error"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? LastError,
    [property: JsonPropertyName("proxy"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Proxy)
{
    public static ScrapeAccountResponse From(ScrapeAccount a, DateTimeOffset now) => new(
        a.Id, a.Username, a.Status, ScrapeAccountAvailability.IsAvailable(a, now), a.LockedUntil?.UtcDateTime,
        a.RateLimitedUntil?.UtcDateTime, a.LastUsedAt?.UtcDateTime, a.LastError, ScrapeAccountProxy.Display(a.Proxy));
}
