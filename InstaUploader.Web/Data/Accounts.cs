using InstaUploader.Web.Features.Pacing;

namespace InstaUploader.Web.Data;

/// <summary>An Instagram account the agency operates. Secret fields are encrypted at rest (see SecretConverter).</summary>
public sealed class Account : IWorkspaceOwned
{
    public int Id { get; set; }
    public int WorkspaceId { get; set; } = Workspace.DefaultId;
    public required string Username { get; set; }
    public required string Password { get; set; }
    public string? TwoFactorSecret { get; set; }
    public string? EmailLogin { get; set; }
    public string? EmailPassword { get; set; }
    public string? DolphinProfileId { get; set; }
    public int? ProxyId { get; set; }
    public Proxy? Proxy { get; set; }
    public string Status { get; set; } = AccountStatus.Active;
    public string? LastError { get; set; }

    /// <summary>When a worker last reported a failure that showed the account's state (<see cref="LastError"/>).</summary>
    public DateTimeOffset? LastErrorAt { get; set; }

    /// <summary>Serialized mobile API session (device ids, authorization) reused between runs. Encrypted.</summary>
    public string? SessionSettings { get; set; }

    /// <summary>Browser cookies as JSON, saved after web runs. Encrypted.</summary>
    public string? Cookies { get; set; }
    public int CookiesCount { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
    public string? Notes { get; set; }

    /// <summary>An AccountHealth value: what pacing and the last runs say about the account.</summary>
    public string Health { get; set; } = AccountHealth.Healthy;

    /// <summary>Why the account left healthy, shown beside its health.</summary>
    public string? HealthReason { get; set; }

    /// <summary>No new work is claimed for the account before this (its cool-down).</summary>
    public DateTimeOffset? CoolingUntil { get; set; }

    /// <summary>The allowed share of its caps (AIMD): cut on push-back, restored by successes.</summary>
    public double Pace { get; set; } = 1;

    /// <summary>Push-backs since the pace was last whole; each one makes the next cool-down longer.</summary>
    public int PushBackStreak { get; set; }

    /// <summary>Operator labels (a client, a niche, an import batch): lower case, a PostgreSQL text[] with a GIN index.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>IANA zone of the account's audience, for its posting windows; null means the agency's (Calendar:TimeZone).</summary>
    public string? TimeZone { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class AccountStatus
{
    public const string Active = AccountStatuses.Active;
    public const string LoginRequired = AccountStatuses.LoginRequired;
    public const string Challenge = AccountStatuses.Challenge;
    public const string Banned = AccountStatuses.Banned;
    public const string Disabled = AccountStatuses.Disabled;

    public static readonly string[] All = AccountStatuses.All;
}

public sealed class Proxy : IWorkspaceOwned
{
    public int Id { get; set; }

    /// <summary>The owning workspace; <see cref="Shares"/> lends it to others.</summary>
    public int WorkspaceId { get; set; } = Workspace.DefaultId;
    public List<ProxyShare> Shares { get; set; } = [];
    public string Scheme { get; set; } = "http";
    public required string Host { get; set; }
    public int Port { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string Status { get; set; } = "unchecked";
    public DateTimeOffset? LastCheckedAt { get; set; }
    public int? LastLatencyMs { get; set; }
    public string? ExitIp { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The proxy's allowed pace (AIMD), cut when several of its accounts are pushed back.</summary>
    public double Pace { get; set; } = 1;
    public DateTimeOffset? CoolingUntil { get; set; }
    public int PushBackStreak { get; set; }

    /// <summary>
    /// scheme://user@host:port without the password: safe to show and log, and told apart from the other users of one
    /// gateway (150 proxies on two gateways are 150 labels, not two).
    /// </summary>
    public string Display => Label(Scheme, Username, Host, Port);

    public static string Label(string scheme, string? username, string host, int port) =>
        string.IsNullOrEmpty(username) ? $"{scheme}://{host}:{port}" : $"{scheme}://{Uri.EscapeDataString(username)}@{host}:{port}";
}
