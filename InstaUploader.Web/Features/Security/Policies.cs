namespace InstaUploader.Web.Features.Security;

/// <summary>
/// Authorization policies of the security pages: each means an Owner or Admin of some workspace
/// (<see cref="WorkspaceAdminRequirement"/>).
/// </summary>
public static class Policies
{
    public const string ManageUsers = "ManageUsers";
    public const string ReadAudit = "ReadAudit";
    public const string ManageSettings = "ManageSettings";
}
