namespace InstaUploader.Web.Features.Security;

/// <summary>
/// The role names a personal token can carry. The workspaces feature owns the roles themselves (WorkspaceRole); these
/// strings are the same words, kept here until both meet.
/// </summary>
public static class SecurityRoles
{
    public const string Owner = "Owner";
    public const string Admin = "Admin";
    public const string Operator = "Operator";
    public const string Viewer = "Viewer";
    public const string Client = "Client";

    public static readonly string[] All = [Owner, Admin, Operator, Viewer, Client];

    /// <summary>Roles that may only read, whatever the token says.</summary>
    public static bool ReadsOnly(string role) => role is Viewer or Client;
}
