using InstaUploader.Contracts.Locks;
using InstaUploader.Web.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.Compat;

/// <summary>Named locks workers take around shared work (docs/protocol.md).</summary>
public static class LockApi
{
    public static IEndpointRouteBuilder MapLockApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WorkerRoutes.LocksGroup).RequireWorker().WithTags("Locks");
        api.MapPost(WorkerRoutes.LockAcquireTemplate, async Task<Results<Ok<AcquireAnswer>, ProblemHttpResult, ValidationProblem>> (AcquireRequest body, TaskLocks locks, CancellationToken ct) =>
        {
            var errors = Validate(body.Key, body.Owner);
            if (body.TtlSeconds is < 1 or > 86400)
            {
                errors["ttl_seconds"] = ["Must be between 1 and 86400."];
            }

            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }

            var taken = await locks.AcquireAsync(body.Key!, body.Owner!, TimeSpan.FromSeconds(body.TtlSeconds ?? 300), ct);
            if (taken is not null)
            {
                return TypedResults.Ok(new AcquireAnswer(true, taken.Key, taken.Owner, taken.ExpiresAt));
            }

            var holder = await locks.GetAsync(body.Key!, ct);
            return TypedResults.Problem(statusCode: 409, title: "Lock held",
                detail: $"'{body.Key}' is held by '{holder?.Owner}' until {holder?.ExpiresAt:O}.",
                extensions: new Dictionary<string, object?> { ["owner"] = holder?.Owner, ["expires_at"] = holder?.ExpiresAt });
        });
        api.MapPost(WorkerRoutes.LockReleaseTemplate, async Task<Results<Ok<ReleaseAnswer>, ProblemHttpResult, ValidationProblem>> (ReleaseRequest body, TaskLocks locks, CancellationToken ct) =>
        {
            var errors = Validate(body.Key, body.Owner);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }

            return await locks.ReleaseAsync(body.Key!, body.Owner!, ct)
                ? TypedResults.Ok(new ReleaseAnswer(true, body.Key!))
                : TypedResults.Problem(statusCode: 409, title: "Not held", detail: $"'{body.Key}' is not held by '{body.Owner}'.");
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

}
