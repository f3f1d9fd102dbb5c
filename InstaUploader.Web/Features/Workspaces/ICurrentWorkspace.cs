namespace InstaUploader.Web.Features.Workspaces;

/// <summary>
/// Who the current caller is, workspace-wise: the workspaces whose records it may see (every query is filtered by them),
/// the one it works in (where new records go) and its role there. One per DI scope (a request, a page operation).
/// </summary>
public interface ICurrentWorkspace
{
    /// <summary>The workspaces the caller sees; null for machines, the system and the legacy operator token (all of them).</summary>
    IReadOnlyList<int>? VisibleWorkspaceIds { get; }

    /// <summary>The workspace new records go into.</summary>
    int WorkspaceId { get; }

    /// <summary>The caller's role in <see cref="WorkspaceId"/>; null for a machine or a person who belongs nowhere.</summary>
    WorkspaceRole? Role { get; }

    /// <summary>The signed-in person's Identity user id; null for machines.</summary>
    string? UserId { get; }

    /// <summary>The shared operator token: Owner of every workspace, shown in the UI as a legacy credential.</summary>
    bool IsLegacyOperator { get; }

    /// <summary>
    /// The workspaces the caller is Owner or Admin of (all of them, not only the active one): whose audit entries it
    /// reads. Null where <see cref="VisibleWorkspaceIds"/> is null.
    /// </summary>
    IReadOnlyList<int>? AdministeredWorkspaceIds { get; }

    /// <summary>The person's workspaces with their roles (the switcher's choices).</summary>
    IReadOnlyList<WorkspaceMembership> Memberships { get; }
}

public sealed record WorkspaceMembership(int WorkspaceId, string Name, WorkspaceRole Role);
