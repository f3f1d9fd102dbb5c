namespace InstaUploader.Web.Features.Scraper;

/// <summary>
/// One unit of scraper work (a scrape_tasks row; docs/protocol.md#scraper). Workers claim it under a lease with a scraping account;
/// at most one pending or running task per (blog, type) is enforced by a partial unique index.
/// </summary>
public sealed class ScrapeTask
{
    public Guid Id { get; set; }
    public Guid? BlogId { get; set; }
    public Blog? Blog { get; set; }
    public required string TaskType { get; set; }
    public string Status { get; set; } = ScrapeTaskStatuses.Pending;

    /// <summary>Higher runs first, as in the team's task_items queue.</summary>
    public int Priority { get; set; } = ScrapeTaskPriorities.Requested;
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; } = 3;
    public string Payload { get; set; } = "{}";
    public string? Result { get; set; }
    public string? ErrorMessage { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public Guid? AccountId { get; set; }

    /// <summary>Not claimable before this (retry backoff).</summary>
    public DateTimeOffset RunAfter { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class ScrapeTaskStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";

    public static readonly string[] All = [Pending, Running, Done, Failed];
}

public static class ScrapeTaskPriorities
{
    /// <summary>Tasks created through the scraper API get priority 3, as in the original.</summary>
    public const int Requested = 3;

    /// <summary>full_scrape tasks a discover run queued: after what operators asked for.</summary>
    public const int Discovered = 1;
}
