using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using InstaUploader.Web.Features.Auth;

namespace InstaUploader.Web.Features.Dispatch;

/// <summary>Seed 002 acquire_task_lock_api / release_task_lock_api.</summary>
public static class LockApi
{
    public static IEndpointRouteBuilder MapLockApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/locks").RequireWorker().WithTags("Locks");
        api.MapPost("/acquire", async (AcquireRequest body, TaskLocks locks, CancellationToken ct) =>
        {
            var errors = Validate(body.Key, body.Owner);
            if (body.TtlSeconds is < 1 or > 86400)
            {
                errors["ttl_seconds"] = ["Must be between 1 and 86400."];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var taken = await locks.AcquireAsync(body.Key!, body.Owner!, TimeSpan.FromSeconds(body.TtlSeconds ?? 300), ct);
            if (taken is not null)
            {
                return Results.Json(new { acquired = true, key = taken.Key, owner = taken.Owner, expires_at = taken.ExpiresAt });
            }

            var holder = await locks.GetAsync(body.Key!, ct);
            return Results.Problem(statusCode: 409, title: "Lock held",
                detail: $"'{body.Key}' is held by '{holder?.Owner}' until {holder?.ExpiresAt:O}.",
                extensions: new Dictionary<string, object?> { ["owner"] = holder?.Owner, ["expires_at"] = holder?.ExpiresAt });
        });
        api.MapPost("/release", async (ReleaseRequest body, TaskLocks locks, CancellationToken ct) =>
        {
            var errors = Validate(body.Key, body.Owner);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            return await locks.ReleaseAsync(body.Key!, body.Owner!, ct)
                ? Results.Json(new { released = true, key = body.Key })
                : Results.Problem(statusCode: 409, title: "Not held", detail: $"'{body.Key}' is not held by '{body.Owner}'.");
        });
        return app;
    }

    private static Dictionary<string, string[]> Validate(string? key, string? owner)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
        {
            errors["key"] = ["Required, at most 200 characters."];
        }

        if (string.IsNullOrWhiteSpace(owner) || owner.Length > 200)
        {
            errors["owner"] = ["Required, at most 200 characters."];
        }

        return errors;
    }

    public sealed record AcquireRequest(
        [property: JsonPropertyName("key")] string? Key,
        [property: JsonPropertyName("owner")] string? Owner,
        [property: JsonPropertyName("ttl_seconds"), Range(1, 86400)] int? TtlSeconds);

    public sealed record ReleaseRequest(
        [property: JsonPropertyName("key")] string? Key,
        [property: JsonPropertyName("owner")] string? Owner);
}
