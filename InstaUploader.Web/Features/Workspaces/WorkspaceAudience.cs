using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Workspaces;

/// <summary>"Who can see this" for a record: its workspace's members by role, and the workspaces it is lent to.</summary>
public sealed class WorkspaceAudience(AppDbContext db)
{
    /// <summary>Null when the caller does not see the account (the page says "not found" then).</summary>
    public async Task<string?> ForAccountAsync(int accountId, CancellationToken ct) =>
        await db.Accounts.Where(a => a.Id == accountId).Select(a => (int?)a.WorkspaceId).FirstOrDefaultAsync(ct) is { } workspaceId
            ? await DescribeAsync(workspaceId, [], ct)
            : null;

    public async Task<string?> ForProxyAsync(int proxyId, CancellationToken ct)
    {
        var proxy = await db.Proxies.Where(p => p.Id == proxyId)
            .Select(p => new { p.WorkspaceId, Shares = p.Shares.Select(s => s.WorkspaceId).ToList() }).FirstOrDefaultAsync(ct);
        return proxy is null ? null : await DescribeAsync(proxy.WorkspaceId, proxy.Shares, ct);
    }

    public async Task<string> DescribeAsync(int workspaceId, IReadOnlyList<int> sharedWith, CancellationToken ct)
    {
        var ids = sharedWith.Append(workspaceId).ToArray();
        var names = await db.Workspaces.AsNoTracking().Where(w => ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.Name, ct);
        var roles = await db.WorkspaceMembers.AsNoTracking().Where(m => m.WorkspaceId == workspaceId)
            .GroupBy(m => m.Role).Select(g => new { Role = g.Key, Count = g.Count() }).ToListAsync(ct);
        var people = roles.Count == 0
            ? "no members yet"
            : string.Join(", ", roles.OrderBy(r => Enum.TryParse<WorkspaceRole>(r.Role, out var x) ? (int)x : 99)
                .Select(r => $"{r.Count} {r.Role.ToLowerInvariant()}{(r.Count == 1 ? "" : "s")}"));
        var line = $"Visible to workspace {names.GetValueOrDefault(workspaceId, "?")} ({people}) and the operator token";
        return sharedWith.Count == 0 ? line : $"{line}; lent to {string.Join(", ", sharedWith.Select(id => names.GetValueOrDefault(id, "?")))}";
    }
}
