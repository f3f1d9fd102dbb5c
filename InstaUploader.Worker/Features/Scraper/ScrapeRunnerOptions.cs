using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Worker.Features.Scraper;

/// <summary>How hard the scraper reads with one account. Environment names: SCRAPER_*.</summary>
public sealed class ScrapeRunnerOptions
{
    /// <summary>Minimum gap between two requests of one account (per-account rate limit).</summary>
    [Range(0, 60_000)]
    public int RequestIntervalMs { get; set; } = 1500;

    /// <summary>Recent posts read per profile.</summary>
    [Range(0, 200)]
    public int RecentPosts { get; set; } = 12;

    /// <summary>Hashtag posts a discover run looks at.</summary>
    [Range(1, 500)]
    public int HashtagPosts { get; set; } = 54;

    /// <summary>429s retried in place (with backoff, honouring Retry-After) before the task is handed back.</summary>
    [Range(0, 10)]
    public int RateLimitRetries { get; set; } = 3;

    /// <summary>First backoff after a 429 without Retry-After; doubles per retry.</summary>
    [Range(0, 600_000)]
    public int RateLimitBackoffMs { get; set; } = 2000;

    /// <summary>A Retry-After longer than this is not waited out in place: the account is reported rate-limited.</summary>
    [Range(1, 3600)]
    public int MaxInPlaceWaitSeconds { get; set; } = 60;

    /// <summary>How long the Web keeps a throttled account out of claims when Instagram gave no Retry-After.</summary>
    [Range(1, 86_400)]
    public int RateLimitCooldownSeconds { get; set; } = 600;

    /// <summary>feedback_required ("Try Again Later") blocks for hours.</summary>
    [Range(1, 604_800)]
    public int FeedbackCooldownSeconds { get; set; } = 6 * 3600;

    public static void Bind(IConfiguration c, ScrapeRunnerOptions o)
    {
        o.RequestIntervalMs = c.GetValue("SCRAPER_REQUEST_INTERVAL_MS", o.RequestIntervalMs);
        o.RecentPosts = c.GetValue("SCRAPER_RECENT_POSTS", o.RecentPosts);
        o.HashtagPosts = c.GetValue("SCRAPER_HASHTAG_POSTS", o.HashtagPosts);
        o.RateLimitRetries = c.GetValue("SCRAPER_RATE_LIMIT_RETRIES", o.RateLimitRetries);
        o.RateLimitBackoffMs = c.GetValue("SCRAPER_RATE_LIMIT_BACKOFF_MS", o.RateLimitBackoffMs);
        o.MaxInPlaceWaitSeconds = c.GetValue("SCRAPER_MAX_IN_PLACE_WAIT_SECONDS", o.MaxInPlaceWaitSeconds);
        o.RateLimitCooldownSeconds = c.GetValue("SCRAPER_RATE_LIMIT_COOLDOWN_SECONDS", o.RateLimitCooldownSeconds);
        o.FeedbackCooldownSeconds = c.GetValue("SCRAPER_FEEDBACK_COOLDOWN_SECONDS", o.FeedbackCooldownSeconds);
    }
}
