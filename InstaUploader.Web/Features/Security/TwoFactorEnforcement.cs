using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Security;

/// <summary>
/// "Require two-factor" at every request, not only at sign-in: a person without an authenticator who belongs to a
/// workspace that requires one (or when the installation requires it of everyone) is sent to set it up, and every
/// data route refuses them (403) until they have. Personal tokens get no exemption: a token is its owner acting, and a
/// workspace that requires two-factor requires it of whoever acts in it, so the owner's tokens for that workspace stop
/// working until the owner sets it up (the operator token and workers are machines and are not concerned).
/// </summary>
public static class TwoFactorEnforcement
{
    // Where a person goes to set it up, signs in and out, and what the pages themselves need to load.
    private static readonly string[] Open = [SignInAudit.EnrolPath, "/account", "/_blazor", "/_framework", "/_content", "/health", "/alive"];

    private static readonly string[] DataRoutes = ["/api", "/tasks", "/media", "/admin", "/workspaces"];

    public static IApplicationBuilder UseTwoFactorEnforcement(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var caller = http.RequestServices.GetRequiredService<CurrentWorkspace>();
        var path = http.Request.Path;
        var person = caller.UserId ?? http.User.FindFirst(SecurityClaims.TokenOwner)?.Value;
        if (person is null || caller.IsLegacyOperator || Open.Any(p => path.StartsWithSegments(p)))
        {
            await next(http);
            return;
        }

        var page = HttpMethods.IsGet(http.Request.Method) && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal);
        if (!page && !DataRoutes.Any(p => path.StartsWithSegments(p)))
        {
            await next(http);
            return;
        }

        if (await MissingAsync(http.RequestServices.GetRequiredService<AppDbContext>(), caller, person, http.RequestAborted))
        {
            if (page)
            {
                http.Response.Redirect(SignInAudit.EnrolPath + "?required=true");
                return;
            }

            await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Two-factor sign-in required",
                detail: $"A workspace you belong to requires two-factor sign-in; set it up at {SignInAudit.EnrolPath} first.").ExecuteAsync(http);
            return;
        }

        await next(http);
    });

    /// <summary>Whether the person must have two-factor sign-in and has not: one query.</summary>
    private static async Task<bool> MissingAsync(AppDbContext db, ICurrentWorkspace caller, string person, CancellationToken ct)
    {
        // A person answers for every workspace they belong to; a token for the one it is scoped to.
        int[] workspaces = caller.Memberships.Count > 0 ? [.. caller.Memberships.Select(m => m.WorkspaceId)] : [caller.WorkspaceId];
        return await db.Users.AsNoTracking().Where(u => u.Id == person && !u.TwoFactorEnabled)
            .AnyAsync(_ => db.Workspaces.Any(w => workspaces.Contains(w.Id) && w.RequireTwoFactor)
                || db.SecuritySettings.Any(s => s.Id == SecuritySettings.SingletonId && s.RequireTwoFactor), ct);
    }
}
