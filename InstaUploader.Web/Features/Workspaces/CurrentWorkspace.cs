using System.Security.Claims;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Workspaces;

/// <summary>
/// Resolves <see cref="ICurrentWorkspace"/> once per scope from the caller's principal: a request (the middleware, after
/// authorization) or a console page's operation (<c>AppComponent</c>). A scope nobody resolved belongs to the system
/// (upkeep loops, the dispatcher) and sees everything — unless it runs inside a person's request, which fails closed.
/// </summary>
public sealed class CurrentWorkspace(
    DbContextOptions<AppDbContext> dbOptions,
    IDataProtectionProvider dataProtection,
    IHttpContextAccessor http) : ICurrentWorkspace
{
    private bool resolved;
    private IReadOnlyList<int>? visible;
    private int workspaceId = Workspace.DefaultId;
    private WorkspaceRole? role;
    private string? userId;
    private bool legacyOperator;
    private IReadOnlyList<WorkspaceMembership> memberships = [];

    public IReadOnlyList<int>? VisibleWorkspaceIds => Checked(visible);

    public int WorkspaceId => Checked(workspaceId);

    public WorkspaceRole? Role => Checked(role);

    public string? UserId => Checked(userId);

    public bool IsLegacyOperator => Checked(legacyOperator);

    public IReadOnlyList<WorkspaceMembership> Memberships => Checked(memberships);

    public bool IsResolved => resolved;

    /// <param name="requested">The workspace the caller asked to work in (X-Workspace-Id); ignored when it may not.</param>
    public async Task ResolveAsync(ClaimsPrincipal principal, int? requested, CancellationToken ct)
    {
        resolved = true;
        visible = [];
        role = null;
        if (principal.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var personId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal.FindFirstValue(WorkspaceClaims.WorkspaceId) is { } scopedId)
        {
            // A credential scoped to one workspace (a personal API token): that workspace and role only.
            if (int.TryParse(scopedId, out var id) && WorkspaceRoles.TryParse(principal.FindFirstValue(WorkspaceClaims.WorkspaceRole), out var scopedRole))
            {
                Become([id], id, scopedRole, personId);
            }

            return;
        }

        if (principal.IsInRole(MachineAuth.OperatorRole))
        {
            legacyOperator = true;
            visible = null;
            role = WorkspaceRole.Owner;
            workspaceId = requested ?? Workspace.DefaultId;
            return;
        }

        if (principal.IsInRole(MachineAuth.WorkerRole) || personId is null)
        {
            // Workers and the scraper's key are machine principals: their protocol decides what they see.
            visible = null;
            return;
        }

        await using var db = new AppDbContext(dbOptions, dataProtection);
        var rows = await db.WorkspaceMembers.AsNoTracking()
            .Where(m => m.UserId == personId)
            .Join(db.Workspaces, m => m.WorkspaceId, w => w.Id, (m, w) => new { m.WorkspaceId, w.Name, m.Role, m.SelectedAt })
            .OrderByDescending(m => m.SelectedAt).ThenBy(m => m.WorkspaceId)
            .ToListAsync(ct);
        memberships = [.. rows
            .Where(r => WorkspaceRoles.TryParse(r.Role, out _))
            .Select(r => new WorkspaceMembership(r.WorkspaceId, r.Name, Enum.Parse<WorkspaceRole>(r.Role)))
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)];
        userId = personId;
        // The requested workspace if the person belongs to it, else the one they switched to last.
        var active = rows.FirstOrDefault(r => r.WorkspaceId == requested) ?? rows.FirstOrDefault();
        if (active is not null && WorkspaceRoles.TryParse(active.Role, out var activeRole))
        {
            Become([active.WorkspaceId], active.WorkspaceId, activeRole, personId);
        }
    }

    /// <summary>Everything, for code that runs on nobody's behalf (tests, seeding).</summary>
    public void BecomeSystem()
    {
        resolved = true;
        visible = null;
        role = null;
    }

    private void Become(IReadOnlyList<int> ids, int active, WorkspaceRole activeRole, string? person)
    {
        visible = ids;
        workspaceId = active;
        role = activeRole;
        userId = person;
    }

    private T Checked<T>(T value)
    {
        if (!resolved && http.HttpContext?.User.Identity?.IsAuthenticated == true)
        {
            throw new InvalidOperationException("The caller's workspace was not resolved in this scope; refusing to read unscoped.");
        }

        return value;
    }
}
