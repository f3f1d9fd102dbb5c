namespace InstaUploader.Web.Features.Workspaces;

public sealed record WorkspaceResponse(int Id, string Name, string Role);

public sealed record CreateWorkspaceRequest(string Name);

public sealed record MemberResponse(string UserId, string Email, string Role);

public sealed record MemberRoleRequest(string Role);

public sealed record InvitationRequest(string Email, string Role);

/// <summary>The invitation's link and token: shown once, only its hash is stored.</summary>
public sealed record InvitationResponse(int Id, string Email, string Role, DateTimeOffset ExpiresAt, string Token, string Url);

public sealed record AcceptInvitationRequest(string Token, string Password);

public sealed record AcceptedInvitationResponse(int WorkspaceId, string Email, string Role);

public sealed record TwoFactorRequirementRequest(bool Required);
