using System.Text.Json.Serialization;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Auth;

namespace InstaUploader.Web.Features.Follow;

/// <summary>Seed 002 create_follow_category_api / add_follow_targets_api (workers and operators).</summary>
public static class FollowApi
{
    public static IEndpointRouteBuilder MapFollowApi(this IEndpointRouteBuilder app)
    {
        foreach (var group in new[]
        {
            app.MapGroup("/api/follow/categories").RequireWorker(),
            app.MapGroup("/api/v1/follow-categories").RequireAuthorization(AuthExtensions.OperatorPolicy),
        })
        {
            group.WithTags("Follow");
            group.MapPost("/", CreateCategoryAsync);
            group.MapGet("/", async (FollowCatalog catalog, CancellationToken ct) => Results.Json(await catalog.ListAsync(ct)));
            group.MapPost("/{id:int}/targets", AddTargetsAsync);
        }

        return app;
    }

    public sealed record CategoryRequest(
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("description")] string? Description);

    public sealed record TargetsRequest([property: JsonPropertyName("usernames")] List<string>? Usernames);

    private static async Task<IResult> CreateCategoryAsync(CategoryRequest body, FollowCatalog catalog, CancellationToken ct)
    {
        var created = await catalog.CreateAsync(body.Name, body.Description, ct);
        return created.Succeeded
            ? Results.Json(new { id = created.Value, name = body.Name!.Trim(), description = body.Description }, statusCode: StatusCodes.Status201Created)
            : created.ToProblem();
    }

    private static async Task<IResult> AddTargetsAsync(int id, TargetsRequest body, FollowCatalog catalog, CancellationToken ct)
    {
        var requested = body.Usernames ?? [];
        var added = await catalog.AddTargetsAsync(id, requested, ct);
        return added.Succeeded
            ? Results.Json(new { category_id = id, added = added.Value, skipped = requested.Count - added.Value })
            : added.ToProblem();
    }
}
