using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Proxies;

/// <summary>What a proxy's page reads besides the proxy itself (the page writes nothing).</summary>
public sealed class ProxyQueries(AppDbContext db)
{
    public const int ShownAccounts = 50;

    /// <summary>The accounts that use the proxy, by username.</summary>
    public Task<List<ProxyAccountRow>> AccountsAsync(int proxyId, CancellationToken ct) =>
        db.Accounts.AsNoTracking().Where(a => a.ProxyId == proxyId).OrderBy(a => a.Username).Take(ShownAccounts)
            .Select(a => new ProxyAccountRow(a.Id, a.Username, a.Status, a.LastLoginAt)).ToListAsync(ct);
}

public sealed record ProxyAccountRow(int Id, string Username, string Status, DateTimeOffset? LastLoginAt);
