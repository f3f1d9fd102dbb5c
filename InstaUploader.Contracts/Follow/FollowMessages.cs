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

/// <summary>Ours is <c>usernames</c>; the original Web's client sends <c>targets</c> ([{"username": …}]).</summary>
public sealed record TargetsRequest(
    [property: JsonPropertyName("usernames")] List<string>? Usernames,
    [property: JsonPropertyName("targets")] List<OriginalTarget>? Targets = null);

/// <summary>One of the original's follow targets; of its fields only the username is kept.</summary>
public sealed record OriginalTarget([property: JsonPropertyName("username")] string? Username);

/// <summary>The original Web's answer to a targets body: how many were new and how many were there already.</summary>
public sealed record OriginalTargetsAdded(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("created_count")] int CreatedCount,
    [property: JsonPropertyName("skipped_count")] int SkippedCount);

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
