using InstaUploader.Web.Features.Pacing;
using System.ComponentModel.DataAnnotations;
namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// Create/replace body. Secrets are write-only: on update a null secret keeps the stored value and an empty string
/// clears an optional one. <see cref="Proxy"/> is an alternative to <see cref="ProxyId"/>: a proxy in any import
/// notation, reused when it already exists. A null <see cref="Status"/> keeps the current status (new: active),
/// null <see cref="Tags"/> keep the current tags. <see cref="TimeZone"/>: an IANA zone for
/// the account's posting windows (empty: the agency's).
/// </summary>
public sealed record AccountRequest(
    string? Username,
    string? Password,
    string? TwoFactorSecret = null,
    string? EmailLogin = null,
    string? EmailPassword = null,
    string? DolphinProfileId = null,
    int? ProxyId = null,
    string? Proxy = null,
    string? Status = null,
    [property: MaxLength(10_000)] string? Notes = null,
    IReadOnlyList<string>? Tags = null,
    string? TimeZone = null);

/// <summary>
/// An account as shown to operators. Secrets are never returned: passwords only as has_*, the 2FA seed masked
/// to its last characters, sessions and cookies only as counts and dates.
/// </summary>
public sealed record AccountResponse(
    int Id,
    string Username,
    bool HasPassword,
    bool HasTwoFactor,
    string? TwoFactorSecret,
    string? EmailLogin,
    bool HasEmailPassword,
    string? EmailPassword,
    string? DolphinProfileId,
    int? ProxyId,
    string? Proxy,
    string Status,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    bool HasSession,
    int CookiesCount,
    DateTimeOffset? LastLoginAt,
    string? Notes,
    IReadOnlyList<string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? TimeZone = null,
    string Health = AccountHealth.Healthy,
    DateTimeOffset? CoolingUntil = null);

/// <summary>
/// Which accounts a list, a bulk action or a task form means: username search, status, tag and health (as of now, an
/// AccountHealth value), all optional.
/// </summary>
public sealed record AccountFilter(string? Q = null, string? Status = null, string? Tag = null, string? Health = null);
