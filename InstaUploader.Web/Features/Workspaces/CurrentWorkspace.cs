using System.Security.Claims;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;

namespace InstaUploader.Web.Features.Workspaces;

/// <summary>
/// Resolves <see cref="ICurrentWorkspace"/> once per scope from the caller's principal: a request (the middleware, after
/// authorization) or a console page's operation (<c>AppComponent</c>). A scope nobody resolved belongs to the system
/// (upkeep loops, the dispatcher) and sees everything — unless it runs inside a person's request, which fails closed.
/// </summary>
public sealed class CurrentWorkspace(WorkspaceMemberships loader, IHttpContextAccessor http) : ICurrentWorkspace
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

    public IReadOnlyList<int>? AdministeredWorkspaceIds => Checked(Administered());

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

        var (all, lastSelected) = await loader.OfAsync(personId, ct);
        memberships = all;
        userId = personId;
        // The requested workspace if the person belongs to it, else the one they switched to last.
        var active = all.FirstOrDefault(m => m.WorkspaceId == requested) ?? all.FirstOrDefault(m => m.WorkspaceId == lastSelected);
        if (active is not null)
        {
            Become([active.WorkspaceId], active.WorkspaceId, active.Role, personId);
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

    private IReadOnlyList<int>? Administered()
    {
        if (visible is null)
        {
            return null;
        }

        // A person: every workspace they manage; a scoped token: its one workspace, if its role manages it.
        if (memberships.Count > 0)
        {
            return [.. memberships.Where(m => m.Role.ManagesMembers()).Select(m => m.WorkspaceId)];
        }

        return role is { } r && r.ManagesMembers() ? [workspaceId] : [];
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
