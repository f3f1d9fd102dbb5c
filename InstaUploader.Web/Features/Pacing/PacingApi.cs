using InstaUploader.Web.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.Pacing;

/// <summary>Pacing for the operator API: an account's health, usage against its caps and decisions; the fleet's health.</summary>
public static class PacingApi
{
    public static IEndpointRouteBuilder MapPacingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(AuthExtensions.OperatorPolicy).WithTags("Pacing");
        api.MapGet("/accounts/{id:int}/pacing", AccountAsync).WithName("GetAccountPacing")
            .WithSummary("An account's health, pace, usage against each cap (last hour, last 24 h) and its pacing decisions, newest first")
            .ProducesProblem(404);
        api.MapGet("/pacing/health", HealthAsync).WithName("GetAccountHealthCounts").WithSummary("Accounts per health, as of now");
        return app;
    }

    private static async Task<Results<Ok<AccountPacingView>, ProblemHttpResult>> AccountAsync(int id, PacingQueries queries, CancellationToken ct) =>
        await queries.AccountAsync(id, ct) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No account {id}.");

    private static async Task<Ok<IReadOnlyDictionary<string, int>>> HealthAsync(PacingQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.HealthCountsAsync(ct));
}
