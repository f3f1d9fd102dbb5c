namespace InstaUploader.Web.Data;

/// <summary>One of the agency's clients: accounts, proxies, media, follow lists and tasks belong to exactly one.</summary>
public sealed class Workspace
{
    /// <summary>The workspace every record made before workspaces existed moved into.</summary>
    public const int DefaultId = 1;

    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Its members (and their personal tokens) act only with two-factor sign-in set up (TwoFactorEnforcement).</summary>
    public bool RequireTwoFactor { get; set; }
}

/// <summary>A person's role in a workspace (<see cref="Features.Workspaces.WorkspaceRole"/> by name).</summary>
public sealed class WorkspaceMember
{
    public int WorkspaceId { get; set; }
    public required string UserId { get; set; }
    public required string Role { get; set; }

    /// <summary>When the person last switched to this workspace: the latest is the one the console shows.</summary>
    public DateTimeOffset SelectedAt { get; set; }
}

/// <summary>A link that lets one person join a workspace with a role. Only the token's SHA-256 is kept.</summary>
public sealed class WorkspaceInvitation
{
    public int Id { get; set; }
    public int WorkspaceId { get; set; }
    public required string Email { get; set; }
    public required string Role { get; set; }
    public required string TokenHash { get; set; }
    public required string InvitedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}

/// <summary>A proxy the owning workspace lends to another one (both see and use it).</summary>
public sealed class ProxyShare
{
    public int ProxyId { get; set; }
    public int WorkspaceId { get; set; }
}

/// <summary>A media file the owning workspace lends to another one.</summary>
public sealed class MediaShare
{
    public int MediaId { get; set; }
    public int WorkspaceId { get; set; }
}

/// <summary>A record that belongs to one workspace; the database context fills and guards <see cref="WorkspaceId"/>.</summary>
public interface IWorkspaceOwned
{
    int WorkspaceId { get; set; }
}
