using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Scrape;

// What ScrapeRunner reports to the Web (PATCH result). account_state is applied to the scraping account and
// stripped before the result is stored.

public sealed record ScrapedPost(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("caption")] string Caption,
    [property: JsonPropertyName("like_count")] long LikeCount,
    [property: JsonPropertyName("comment_count")] long CommentCount,
    [property: JsonPropertyName("taken_at")] DateTimeOffset TakenAt);

public sealed record FullScrapeResult(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("pk")] long Pk,
    [property: JsonPropertyName("full_name")] string FullName,
    [property: JsonPropertyName("biography")] string Biography,
    [property: JsonPropertyName("follower_count")] long FollowerCount,
    [property: JsonPropertyName("following_count")] long FollowingCount,
    [property: JsonPropertyName("media_count")] long MediaCount,
    [property: JsonPropertyName("is_private")] bool IsPrivate,
    [property: JsonPropertyName("recent_posts")] IReadOnlyList<ScrapedPost> RecentPosts,
    [property: JsonPropertyName("account_state")] AccountState AccountState);

public sealed record DiscoveredUser(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("full_name")] string FullName,
    [property: JsonPropertyName("follower_count")] long FollowerCount,
    [property: JsonPropertyName("posts_with_tag")] int PostsWithTag);

public sealed record DiscoverResult(
    [property: JsonPropertyName("hashtag")] string Hashtag,
    [property: JsonPropertyName("posts_seen")] int PostsSeen,
    [property: JsonPropertyName("users")] IReadOnlyList<DiscoveredUser> Users,
    [property: JsonPropertyName("account_state")] AccountState AccountState);

/// <summary>What happened to the scraping account: its refreshed session (secret), a rate limit, a ban or failed login.</summary>
public sealed record AccountState(
    [property: JsonPropertyName("session"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Session = null,
    [property: JsonPropertyName("rate_limited_until"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? RateLimitedUntil = null,
    [property: JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    public override string ToString() => $"AccountState {{ RateLimitedUntil = {RateLimitedUntil}, Status = {Status} }}";
}

/// <summary>The result of a failed run: only the account's state.</summary>
public sealed record FailureResult([property: JsonPropertyName("account_state")] AccountState AccountState);
