namespace InstaUploader.Web.Features.Scraper;

/// <summary>
/// An Instagram account the scraper reads with. Secrets are encrypted at rest. A claim locks it until the lease
/// ends; a 429 or feedback block sets <see cref="RateLimitedUntil"/>.
/// </summary>
public sealed class ScrapeAccount
{
    public Guid Id { get; set; }
    public required string Username { get; set; }
    public required string Password { get; set; }
    public string? TfaSecret { get; set; }
    public string? Email { get; set; }
    public string? EmailPassword { get; set; }

    /// <summary>The proxy the account's traffic leaves through, as the operator wrote it (credentials included).</summary>
    public string? Proxy { get; set; }

    /// <summary>The serialized mobile session, reused between claims so the worker does not log in every time.</summary>
    public string? Session { get; set; }
    public string Status { get; set; } = ScrapeAccountStatuses.Active;
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset? RateLimitedUntil { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class ScrapeAccountStatuses
{
    public const string Active = "active";
    public const string Banned = "banned";

    /// <summary>The password, 2FA or a checkpoint failed: an operator must fix the account.</summary>
    public const string LoginFailed = "login_failed";
    public const string Disabled = "disabled";

    /// <summary>The account's proxy refused or could not be reached: an operator must fix or replace it.</summary>
    public const string ProxyFailed = "proxy_failed";

    public static readonly string[] All = [Active, Banned, LoginFailed, Disabled, ProxyFailed];
}
