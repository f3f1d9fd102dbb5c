namespace InstaUploader.Web.Features.Scraper;

/// <summary>A person's account on a platform, with what the last full_scrape read from it.</summary>
public sealed class Blog
{
    public const string Instagram = "instagram";

    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public Person? Person { get; set; }
    public string Platform { get; set; } = Instagram;
    public required string Username { get; set; }

    /// <summary>Instagram's user pk.</summary>
    public long? ExternalId { get; set; }
    public string? FullName { get; set; }
    public string? Biography { get; set; }
    public long? FollowerCount { get; set; }
    public long? FollowingCount { get; set; }
    public long? MediaCount { get; set; }
    public bool? IsPrivate { get; set; }

    /// <summary>JSON array of {code, caption, like_count, comment_count, taken_at}, newest first.</summary>
    public string? RecentPosts { get; set; }
    public DateTimeOffset? ScrapedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
