using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.Workspaces;

/// <summary>Workspaces, members, invitations and lending proxies and media between workspaces.</summary>
public static class WorkspacesApi
{
    public static IHostApplicationBuilder AddWorkspaces(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<WorkspaceMemberships>();
        builder.Services.AddScoped<CurrentWorkspace>();
        builder.Services.AddScoped<ICurrentWorkspace>(sp => sp.GetRequiredService<CurrentWorkspace>());
        builder.Services.AddScoped<WorkspaceService>();
        builder.Services.AddScoped<WorkspaceAudience>();
        return builder;
    }

    public static IEndpointRouteBuilder MapWorkspacesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/workspaces").RequireAuthorization(AuthExtensions.OperatorPolicy).WithTags("Workspaces");
        api.MapGet("/", async (WorkspaceService workspaces, CancellationToken ct) => TypedResults.Ok(await workspaces.MineAsync(ct)))
            .WithName("ListWorkspaces").WithSummary("The caller's workspaces and its role in each");
        api.MapPost("/", async Task<Results<Created<WorkspaceResponse>, ProblemHttpResult>> (CreateWorkspaceRequest body, WorkspaceService workspaces, CancellationToken ct) =>
                await workspaces.CreateAsync(body, ct) is var r && r.Succeeded ? TypedResults.Created($"/api/v1/workspaces/{r.Value!.Id}", r.Value) : r.ToProblem())
            .WithName("CreateWorkspace").WithSummary("Create a workspace (owners and the operator token); the creator becomes its owner")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(409);
        api.MapPost("/{id:int}/select", async Task<Results<NoContent, NotFound>> (int id, WorkspaceService workspaces, CancellationToken ct) =>
                await workspaces.SelectAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithName("SelectWorkspace").WithSummary("Work in this workspace from now on (the console's switcher)");
        api.MapGet("/{id:int}/members", async Task<Results<Ok<IReadOnlyList<MemberResponse>>, ProblemHttpResult>> (int id, WorkspaceService workspaces, CancellationToken ct) =>
                Answer(await workspaces.MembersAsync(id, ct)))
            .WithName("ListMembers").WithSummary("A workspace's members and roles (owners and admins)").ProducesProblem(403).ProducesProblem(404);
        api.MapPut("/{id:int}/members/{userId}", async Task<Results<Ok<MemberResponse>, ProblemHttpResult>> (int id, string userId, MemberRoleRequest body, WorkspaceService workspaces, CancellationToken ct) =>
                Answer(await workspaces.SetRoleAsync(id, userId, body, ct)))
            .WithName("SetMemberRole").WithSummary("Change a member's role").ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        api.MapDelete("/{id:int}/members/{userId}", async Task<Results<NoContent, ProblemHttpResult>> (int id, string userId, WorkspaceService workspaces, CancellationToken ct) =>
                await workspaces.RemoveAsync(id, userId, ct) is var r && r.Succeeded ? TypedResults.NoContent() : r.ToProblem())
            .WithName("RemoveMember").WithSummary("Remove a member").ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        api.MapPut("/{id:int}/two-factor", async Task<Results<NoContent, ProblemHttpResult>> (int id, TwoFactorRequirementRequest body, WorkspaceService workspaces, CancellationToken ct) =>
                await workspaces.RequireTwoFactorAsync(id, body, ct) is var r && r.Succeeded ? TypedResults.NoContent() : r.ToProblem())
            .WithName("RequireTwoFactor").WithSummary("Require two-factor sign-in of every member (and their tokens) from their next request (owners and admins)")
            .ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/{id:int}/invitations", async Task<Results<Ok<InvitationResponse>, ProblemHttpResult>> (int id, InvitationRequest body, HttpRequest request, WorkspaceService workspaces, CancellationToken ct) =>
                Answer(await workspaces.InviteAsync(id, body, $"{request.Scheme}://{request.Host}{request.PathBase}", ct)))
            .WithName("InviteMember").WithSummary("Invite a person with a role: the link is shown once, only its hash is kept")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/invitations/accept", async Task<Results<Ok<AcceptedInvitationResponse>, ProblemHttpResult>> (AcceptInvitationRequest body, WorkspaceService workspaces, CancellationToken ct) =>
                Answer(await workspaces.AcceptAsync(body, ct)))
            .AllowAnonymous().RequireRateLimiting(SignInRateLimit.Policy)
            .WithName("AcceptInvitation").WithSummary("Accept an invitation: creates the person's sign-in and membership")
            .ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        api.MapPut("/{id:int}/shared-proxies/{proxyId:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, int proxyId, WorkspaceService workspaces, CancellationToken ct) =>
                await workspaces.ShareProxyAsync(id, proxyId, shared: true, ct) is var r && r.Succeeded ? TypedResults.NoContent() : r.ToProblem())
            .WithName("ShareProxy").WithSummary("Lend a proxy to this workspace").ProducesProblem(403).ProducesProblem(404);
        api.MapDelete("/{id:int}/shared-proxies/{proxyId:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, int proxyId, WorkspaceService workspaces, CancellationToken ct) =>
                await workspaces.ShareProxyAsync(id, proxyId, shared: false, ct) is var r && r.Succeeded ? TypedResults.NoContent() : r.ToProblem())
            .WithName("UnshareProxy").WithSummary("Stop lending a proxy to this workspace").ProducesProblem(403).ProducesProblem(404);
        api.MapPut("/{id:int}/shared-media/{mediaId:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, int mediaId, WorkspaceService workspaces, CancellationToken ct) =>
                await workspaces.ShareMediaAsync(id, mediaId, shared: true, ct) is var r && r.Succeeded ? TypedResults.NoContent() : r.ToProblem())
            .WithName("ShareMedia").WithSummary("Lend a media file to this workspace").ProducesProblem(403).ProducesProblem(404);
        api.MapDelete("/{id:int}/shared-media/{mediaId:int}", async Task<Results<NoContent, ProblemHttpResult>> (int id, int mediaId, WorkspaceService workspaces, CancellationToken ct) =>
                await workspaces.ShareMediaAsync(id, mediaId, shared: false, ct) is var r && r.Succeeded ? TypedResults.NoContent() : r.ToProblem())
            .WithName("UnshareMedia").WithSummary("Stop lending a media file to this workspace").ProducesProblem(403).ProducesProblem(404);
        // The console's switcher (a form post with its antiforgery token).
        app.MapPost("/workspaces/select", async ([Microsoft.AspNetCore.Mvc.FromForm] int workspaceId, WorkspaceService workspaces, CancellationToken ct) =>
            {
                await workspaces.SelectAsync(workspaceId, ct);
                return TypedResults.LocalRedirect("~/");
            })
            .RequireAuthorization()
            .ExcludeFromDescription();
        return app;
    }

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(ServiceResult<T> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : result.ToProblem();
}
