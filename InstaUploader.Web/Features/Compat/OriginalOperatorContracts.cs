using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Compat;

// The original Web's operator routes (its ui_client.py calls them, agencies script against them) in its own words:
// InstagramAccount's and Proxy's Django field names in, {"ok": true, …} out. Names are snake_case on the wire.

/// <summary>
/// An account as the original client sends it (InstagramAccount's fields). On edit a missing field keeps its value.
/// <see cref="Status"/> takes the original's upper-case words too (ACTIVE).
/// </summary>
public sealed record OriginalAccountRequest(
    string? Username = null,
    string? Password = null,
    string? EmailUsername = null,
    string? EmailPassword = null,
    string? TfaSecret = null,
    int? ProxyId = null,
    string? DolphinProfileId = null,
    string? Status = null,
    [property: MaxLength(10_000)] string? Notes = null);

/// <summary>POST /api/accounts/import/ {"accounts": [account, …]}.</summary>
public sealed record OriginalAccountsImport(IReadOnlyList<OriginalAccountRequest?>? Accounts);

/// <summary>POST /api/accounts/bulk-change-proxy/ {"account_ids", "proxy_id"}: a null proxy_id takes the proxy away.</summary>
public sealed record OriginalProxyChange(IReadOnlyList<int>? AccountIds, int? ProxyId);

/// <summary>A proxy as the original client sends it; proxy_type is HTTP, HTTPS or SOCKS5.</summary>
public sealed record OriginalProxyRequest(string? Host, int? Port, string? Username = null, string? Password = null, string? ProxyType = null);

/// <summary>POST /api/proxies/import/ {"proxies": [proxy, …]}.</summary>
public sealed record OriginalProxiesImport(IReadOnlyList<OriginalProxyRequest?>? Proxies);

/// <summary>POST /api/media/uniquify/ {"video_ids"}: one unique copy of each library video.</summary>
public sealed record OriginalUniquifyRequest(IReadOnlyList<int>? VideoIds);

public sealed record AccountSaved(bool Ok, int AccountId, string Username);

public sealed record ProxySaved(bool Ok, int ProxyId, string Proxy);

/// <summary>An import's tally: created, skipped (already there) and the entries refused, by their place in the list.</summary>
public sealed record ImportTally(bool Ok, int CreatedCount, int SkippedCount, IReadOnlyList<RefusedEntry> Errors);

public sealed record RefusedEntry(int Index, string Detail);

public sealed record ProxyChanged(bool Ok, int UpdatedCount);

public sealed record DolphinProfileMade(bool Ok, int AccountId, string? ProfileId, bool Created);

public sealed record ProxiesValidating(bool Ok, int? TaskId, int ProxiesCount);

public sealed record ProxiesCleaned(bool Ok, int DeletedCount);

public sealed record UniquifyStarted(bool Ok, int TaskId, int VideoCount, string Message);

public sealed record CategorySaved(bool Ok, int CategoryId, string Name);
