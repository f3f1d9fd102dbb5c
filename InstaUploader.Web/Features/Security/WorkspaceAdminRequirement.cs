using System.Security.Claims;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.AspNetCore.Authorization;

namespace InstaUploader.Web.Features.Security;

/// <summary>
/// Users, the audit trail and security settings are the agency's: only an Owner or Admin of some workspace (or the legacy
/// operator token, Owner of all) reaches them. A scoped personal token counts with the role it carries.
/// </summary>
public sealed class WorkspaceAdminRequirement : IAuthorizationRequirement;

public sealed class WorkspaceAdminHandler(WorkspaceMemberships memberships)
    : AuthorizationHandler<WorkspaceAdminRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkspaceAdminRequirement requirement)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return;
        }

        if (user.FindFirstValue(WorkspaceClaims.WorkspaceRole) is { } scoped)
        {
            if (WorkspaceRoles.TryParse(scoped, out var role) && role.ManagesMembers())
            {
                context.Succeed(requirement);
            }

            return;
        }

        if (user.IsInRole(MachineAuth.OperatorRole))
        {
            context.Succeed(requirement);
            return;
        }

        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } personId)
        {
            return;
        }

        if ((await memberships.ListAsync(personId, CancellationToken.None)).Any(m => m.Role.ManagesMembers()))
        {
            context.Succeed(requirement);
        }
    }
}
