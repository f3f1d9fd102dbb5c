using InstaUploader.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Workspaces;

/// <summary>
/// The one loader of a person's workspaces and roles: the caller's scope (<see cref="CurrentWorkspace"/>), the admin
/// policy and the token form all ask here. It reads with a context of its own, because the scope's context is the
/// filtered one that needs this answer first.
/// </summary>
public sealed class WorkspaceMemberships(DbContextOptions<AppDbContext> dbOptions, IDataProtectionProvider dataProtection)
{
    /// <summary>The person's memberships by workspace name; <paramref name="lastSelected"/> is the one they switched to last.</summary>
    public async Task<(IReadOnlyList<WorkspaceMembership> All, int? LastSelected)> OfAsync(string userId, CancellationToken ct)
    {
        await using var db = new AppDbContext(dbOptions, dataProtection);
        var rows = await db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.UserId == userId)
            .Join(db.Workspaces, m => m.WorkspaceId, w => w.Id, (m, w) => new { m.WorkspaceId, w.Name, m.Role, m.SelectedAt })
            .OrderByDescending(m => m.SelectedAt).ThenBy(m => m.WorkspaceId)
            .ToListAsync(ct);
        // A role this build does not know (a newer one, a typo in SQL) grants nothing.
        var known = rows.Where(r => WorkspaceRoles.TryParse(r.Role, out _)).ToList();
        IReadOnlyList<WorkspaceMembership> all = [.. known
            .Select(r => new WorkspaceMembership(r.WorkspaceId, r.Name, Enum.Parse<WorkspaceRole>(r.Role)))
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)];
        return (all, known.FirstOrDefault()?.WorkspaceId);
    }

    /// <summary>The person's memberships by workspace name.</summary>
    public async Task<IReadOnlyList<WorkspaceMembership>> ListAsync(string userId, CancellationToken ct) =>
        (await OfAsync(userId, ct)).All;
}
