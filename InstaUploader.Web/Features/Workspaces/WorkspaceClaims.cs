namespace InstaUploader.Web.Features.Workspaces;

/// <summary>
/// Claims a credential scoped to one workspace carries (personal API tokens): the caller then sees that workspace only,
/// with that role, whatever else the user is a member of.
/// </summary>
public static class WorkspaceClaims
{
    public const string WorkspaceId = "workspace_id";
    public const string WorkspaceRole = "workspace_role";

    /// <summary>The request header an API caller who sees several workspaces names the one it works in with.</summary>
    public const string WorkspaceHeader = "X-Workspace-Id";
}
