using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Follow;

/// <summary>Seed 002 create_follow_category_api / add_follow_targets_api (workers and operators).</summary>
public static partial class FollowApi
{
    [GeneratedRegex("^[a-z0-9._]{1,30}$")]
    private static partial Regex UsernamePattern();

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
            group.MapGet("/", async (AppDbContext db, CancellationToken ct) => Results.Json(await db.FollowCategories.AsNoTracking()
                .OrderBy(c => c.Name).Select(c => new { c.Id, c.Name, c.Description, targets = c.Targets.Count }).ToListAsync(ct)));
            group.MapPost("/{id:int}/targets", AddTargetsAsync);
        }

        return app;
    }

    public sealed record CategoryRequest(
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("description")] string? Description);

    public sealed record TargetsRequest([property: JsonPropertyName("usernames")] List<string>? Usernames);

    private static async Task<IResult> CreateCategoryAsync(CategoryRequest body, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Required, at most 100 characters."] });
        }

        if (await db.FollowCategories.AnyAsync(c => c.Name == name, ct))
        {
            return Results.Problem(statusCode: 409, title: "Conflict", detail: $"A category named '{name}' exists.");
        }

        var category = new FollowCategory { Name = name, Description = body.Description, CreatedAt = time.GetUtcNow() };
        db.FollowCategories.Add(category);
        await db.SaveChangesAsync(ct);
        return Results.Json(new { category.Id, category.Name, category.Description }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> AddTargetsAsync(int id, TargetsRequest body, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!await db.FollowCategories.AnyAsync(c => c.Id == id, ct))
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No follow category {id}.");
        }

        var names = (body.Usernames ?? []).Select(u => u.Trim().TrimStart('@').ToLowerInvariant()).ToList();
        var invalid = names.Where(n => !UsernamePattern().IsMatch(n)).ToList();
        if (names.Count == 0 || invalid.Count > 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["usernames"] = [names.Count == 0 ? "Give at least one username." : $"Not Instagram usernames: {string.Join(", ", invalid)}."],
            });
        }

        var existing = await db.FollowTargets.Where(t => t.CategoryId == id && names.Contains(t.Username)).Select(t => t.Username).ToListAsync(ct);
        var added = names.Distinct().Except(existing).ToList();
        var now = time.GetUtcNow();
        db.FollowTargets.AddRange(added.Select(u => new FollowTarget { CategoryId = id, Username = u, CreatedAt = now }));
        await db.SaveChangesAsync(ct);
        return Results.Json(new { category_id = id, added = added.Count, skipped = names.Count - added.Count });
    }
}
