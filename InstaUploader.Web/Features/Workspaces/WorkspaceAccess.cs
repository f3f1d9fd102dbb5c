namespace InstaUploader.Web.Features.Workspaces;

/// <summary>
/// What a person's role lets them do on the HTTP routes (API tokens and the console's session alike). Records are kept
/// apart by the query filters (another workspace's id is a 404); this decides the 403s: writes a role may not make,
/// clients outside accounts and results, and the installation-wide routes (workers, system health, canary), which only
/// the operator token reaches.
/// </summary>
public static class WorkspaceAccess
{
    private static readonly string[] WorkspaceRoutes =
        ["/api/v1/accounts", "/api/v1/proxies", "/api/v1/media", "/api/v1/tasks", "/api/v1/follow-categories", "/api/v1/workspaces", "/tasks/", "/media/"];

    private static readonly string[] ClientRoutes = ["/api/v1/accounts", "/api/v1/tasks", "/api/v1/workspaces", "/tasks/"];

    /// <summary>Why the caller may not make this request, or null when it may.</summary>
    public static string? Refusal(ICurrentWorkspace caller, string method, PathString path)
    {
        if (caller.IsLegacyOperator || caller.VisibleWorkspaceIds is null || caller.UserId is null && caller.Role is null)
        {
            // Machines, the operator token, and anonymous callers (whom authorization already answered).
            return null;
        }

        if (!Under(path, WorkspaceRoutes))
        {
            return path.StartsWithSegments("/api") ? "This route serves the whole installation; only the operator token may call it." : null;
        }

        if (path.StartsWithSegments("/api/v1/workspaces", out var rest))
        {
            return WorkspaceRouteRefusal(caller, method, rest);
        }

        if (caller.Role is not { } role)
        {
            return "You are not a member of any workspace.";
        }

        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method))
        {
            return role.ReadsEverything() || Under(path, ClientRoutes) ? null : "A client sees accounts and their results only.";
        }

        return role.Operates() ? null : $"A {role.ToString().ToLowerInvariant()} may not change this workspace.";
    }

    // Decided before the body is read, so a viewer's malformed request is a 403 too; a workspace the caller is not in
    // goes on to the handler, which answers 404.
    private static string? WorkspaceRouteRefusal(ICurrentWorkspace caller, string method, PathString rest)
    {
        var segments = (rest.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || segments is ["invitations", "accept"] || segments is [_, "select"])
        {
            return null;
        }

        if (segments.Length == 0)
        {
            return caller.Memberships.Any(m => m.Role == WorkspaceRole.Owner) ? null : "Only an owner may create workspaces.";
        }

        if (!int.TryParse(segments[0], out var id))
        {
            return null;
        }

        var role = caller.Memberships.Count > 0
            ? caller.Memberships.FirstOrDefault(m => m.WorkspaceId == id)?.Role
            : caller.WorkspaceId == id ? caller.Role : null;
        return role is { } r && !r.ManagesMembers() ? "Only an owner or admin manages members." : null;
    }

    private static bool Under(PathString path, string[] prefixes) =>
        prefixes.Any(p => path.Value?.StartsWith(p, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Resolves the caller's workspace for the request (after authorization) and refuses what its role may not do.</summary>
    public static IApplicationBuilder UseWorkspaces(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var current = http.RequestServices.GetRequiredService<CurrentWorkspace>();
        int? requested = int.TryParse(http.Request.Headers[WorkspaceClaims.WorkspaceHeader], out var id) ? id : null;
        await current.ResolveAsync(http.User, requested, http.RequestAborted);
        if (Refusal(current, http.Request.Method, http.Request.Path) is { } reason)
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: reason).ExecuteAsync(http);
            return;
        }

        await next(http);
    });
}
