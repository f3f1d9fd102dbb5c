namespace InstaUploader.Web.Features.Scraper;

/// <summary>Available = active (not banned or failing login), not locked by a claim, not rate-limited.</summary>
public static class ScrapeAccountAvailability
{
    public static bool IsAvailable(ScrapeAccount a, DateTimeOffset now) =>
        a.Status == ScrapeAccountStatuses.Active
        && (a.LockedUntil == null || a.LockedUntil <= now)
        && (a.RateLimitedUntil == null || a.RateLimitedUntil <= now);

    public static IQueryable<ScrapeAccount> WhereAvailable(this IQueryable<ScrapeAccount> accounts, DateTimeOffset now) =>
        accounts.Where(a => a.Status == ScrapeAccountStatuses.Active
                            && (a.LockedUntil == null || a.LockedUntil <= now)
                            && (a.RateLimitedUntil == null || a.RateLimitedUntil <= now));
}
