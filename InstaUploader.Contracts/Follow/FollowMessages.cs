using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Follow;

/// <summary>A follow category (a named list of accounts to follow), created by workers or operators.</summary>
public sealed record CategoryRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("description")] string? Description);

public sealed record CategoryCreated(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description);

public sealed record TargetsRequest([property: JsonPropertyName("usernames")] List<string>? Usernames);

public sealed record TargetsAdded(
    [property: JsonPropertyName("category_id")] int CategoryId,
    [property: JsonPropertyName("added")] int Added,
    [property: JsonPropertyName("skipped")] int Skipped);

/// <summary>A category in the list: targets is how many accounts it holds.</summary>
public sealed record FollowCategory(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("targets")] int Targets,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);

/// <summary>The follow category routes workers call (operators have the same under /api/v1/follow-categories).</summary>
public static class FollowRoutes
{
    public const string WorkerGroup = "/api/follow/categories";
    public const string CreateTemplate = "/";
    public const string ListTemplate = "/";
    public const string TargetsTemplate = "/{id:int}/targets";
}
