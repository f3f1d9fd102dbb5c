namespace InstaUploader.Web.Features.Security;

/// <summary>
/// Authorization policies of the security pages. Until workspaces and their roles arrive every signed-in operator
/// passes them; then they mean Owner or Admin.
/// </summary>
public static class Policies
{
    public const string ManageUsers = "ManageUsers";
    public const string ReadAudit = "ReadAudit";
    public const string ManageSettings = "ManageSettings";
}
