namespace InstaUploader.Web.Features.Workspaces;

/// <summary>
/// A member's role in one workspace, stored by name in <c>workspace_members.role</c> (and in API tokens' <c>workspace_role</c> claim).
/// Owner and Admin manage members; Operator creates and runs tasks and edits accounts; Viewer reads; Client reads its
/// workspace's accounts and their results only: no secrets, no proxies, no media.
/// </summary>
public enum WorkspaceRole
{
    Owner,
    Admin,
    Operator,
    Viewer,
    Client,
}

public static class WorkspaceRoles
{
    public static bool ManagesMembers(this WorkspaceRole role) => role is WorkspaceRole.Owner or WorkspaceRole.Admin;

    public static bool Operates(this WorkspaceRole role) => role is WorkspaceRole.Owner or WorkspaceRole.Admin or WorkspaceRole.Operator;

    /// <summary>Everyone but a client reads the whole workspace (proxies, media, follow lists, workers).</summary>
    public static bool ReadsEverything(this WorkspaceRole role) => role != WorkspaceRole.Client;

    /// <summary>Throws (a 403) unless the caller may change its workspace; machines and the system always may.</summary>
    public static void EnsureOperates(this ICurrentWorkspace caller)
    {
        if (caller.VisibleWorkspaceIds is not null && caller.Role is not { } role || caller.Role is { } r && !r.Operates())
        {
            throw new WorkspaceForbiddenException("Your role in this workspace may not change it.");
        }
    }

    public static bool TryParse(string? value, out WorkspaceRole role) =>
        Enum.TryParse(value, ignoreCase: false, out role) && Enum.IsDefined(role);
}
