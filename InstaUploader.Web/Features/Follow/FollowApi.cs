using InstaUploader.Contracts.Follow;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.Follow;

/// <summary>Follow categories and their targets, for workers and operators alike (docs/protocol.md).</summary>
public static class FollowApi
{
    public static IEndpointRouteBuilder MapFollowApi(this IEndpointRouteBuilder app)
    {
        foreach (var group in new[]
        {
            app.MapGroup(FollowRoutes.WorkerGroup).RequireWorker(),
            app.MapGroup("/api/v1/follow-categories").RequireAuthorization(AuthExtensions.OperatorPolicy),
        })
        {
            group.WithTags("Follow");
            group.MapPost(FollowRoutes.CreateTemplate, CreateCategoryAsync);
            group.MapGet(FollowRoutes.ListTemplate, async (FollowCatalog catalog, CancellationToken ct) => TypedResults.Ok(
                (await catalog.ListAsync(ct)).Select(c => new FollowCategory(c.Id, c.Name, c.Description, c.Targets, c.CreatedAt)).ToList()));
            group.MapPost(FollowRoutes.TargetsTemplate, AddTargetsAsync);
        }

        return app;
    }

    private static async Task<Results<Created<CategoryCreated>, ProblemHttpResult>> CreateCategoryAsync(CategoryRequest body, FollowCatalog catalog, CancellationToken ct)
    {
        var created = await catalog.CreateAsync(body.Name, body.Description, ct);
        return created.Succeeded
            ? TypedResults.Created((string?)null, new CategoryCreated(created.Value, body.Name!.Trim(), body.Description))
            : created.ToProblem();
    }

    private static async Task<Results<Ok<TargetsAdded>, Ok<OriginalTargetsAdded>, ProblemHttpResult>> AddTargetsAsync(
        int id, TargetsRequest body, FollowCatalog catalog, CancellationToken ct)
    {
        if (body.Targets is { } targets)
        {
            // The original Web's body; entries without a username are passed over, as it did.
            var usernames = targets.Select(t => t?.Username).OfType<string>().Where(u => u.Trim().Length > 0).ToList();
            var created = await catalog.AddTargetsAsync(id, usernames, ct);
            return created.Succeeded
                ? TypedResults.Ok(new OriginalTargetsAdded(true, created.Value, usernames.Count - created.Value))
                : created.ToProblem();
        }

        var requested = body.Usernames ?? [];
        var added = await catalog.AddTargetsAsync(id, requested, ct);
        return added.Succeeded
            ? TypedResults.Ok(new TargetsAdded(id, added.Value, requested.Count - added.Value))
            : added.ToProblem();
    }
}
