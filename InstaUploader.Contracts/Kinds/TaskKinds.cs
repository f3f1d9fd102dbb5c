namespace InstaUploader.Contracts;

/// <summary>The kinds of work a task (and each of its work items) can be.</summary>
public static class TaskKinds
{
    public const string BulkUpload = "bulk_upload";
    public const string BulkLogin = "bulk_login";
    public const string Warmup = "warmup";
    public const string Avatar = "avatar";
    public const string Bio = "bio";
    public const string Follow = "follow";
    public const string ProxyDiag = "proxy_diag";
    public const string MediaUniq = "media_uniq";
    public const string CookieRobot = "cookie_robot";

    /// <summary>The web canary: walks instagram.com's pages with one account and names the first that no longer matches.</summary>
    public const string WebCanary = "web_canary";

    /// <summary>The kinds served by the generic /api/{kind}/... routes; bulk upload has routes of its own.</summary>
    public static readonly string[] Generic = [BulkLogin, Warmup, Avatar, Bio, Follow, ProxyDiag, MediaUniq];

    public static readonly string[] All = [BulkUpload, .. Generic, CookieRobot, WebCanary];

    public static bool IsKnown(string kind) => All.Contains(kind);
}

/// <summary>The scraper's kinds: its work lives in its own table and queue, claimed through the same claim route.</summary>
public static class ScrapeKinds
{
    public const string FullScrape = "full_scrape";
    public const string Discover = "discover";

    public static readonly string[] All = [FullScrape, Discover];

    public static bool IsScrape(string? kind) => kind is FullScrape or Discover;
}
