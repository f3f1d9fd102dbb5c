using System.Security.Claims;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Security;

/// <summary>
/// Users, the audit trail and security settings are the agency's: only an Owner or Admin of some workspace (or the legacy
/// operator token, Owner of all) reaches them. A scoped personal token counts with the role it carries.
/// </summary>
public sealed class WorkspaceAdminRequirement : IAuthorizationRequirement;

public sealed class WorkspaceAdminHandler(DbContextOptions<AppDbContext> dbOptions, IDataProtectionProvider dataProtection)
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

        await using var db = new AppDbContext(dbOptions, dataProtection);
        var roles = await db.WorkspaceMembers.AsNoTracking().Where(m => m.UserId == personId).Select(m => m.Role).ToListAsync();
        if (roles.Any(r => WorkspaceRoles.TryParse(r, out var role) && role.ManagesMembers()))
        {
            context.Succeed(requirement);
        }
    }
}
