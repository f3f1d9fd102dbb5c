using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Worker.Features.Scraper;

/// <summary>How hard the scraper reads with one account (section <c>ScrapeRunner</c>; the SCRAPER_* variables map onto it).</summary>
public sealed class ScrapeRunnerOptions
{
    public const string Section = "ScrapeRunner";

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
}
