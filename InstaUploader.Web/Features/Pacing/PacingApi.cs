using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.Pacing;

/// <summary>
/// Pacing for the operator API: an account's health, usage against its caps and decisions; the fleet's health; the
/// operator's caps of the workspace and of each account.
/// </summary>
public static class PacingApi
{
    public static IEndpointRouteBuilder MapPacingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(AuthExtensions.OperatorPolicy).WithTags("Pacing");
        api.MapGet("/accounts/{id:int}/pacing", AccountAsync).WithName("GetAccountPacing")
            .WithSummary("An account's health, pace, usage against each cap (last hour, last 24 h) and its pacing decisions, newest first")
            .ProducesProblem(404);
        api.MapGet("/pacing/health", HealthAsync).WithName("GetAccountHealthCounts").WithSummary("Accounts per health, as of now");
        api.MapGet("/pacing/caps", WorkspaceCapsAsync).WithName("GetWorkspaceCaps")
            .WithSummary("The workspace's caps per action: its overrides, what applies without them, and the caps by account age");
        api.MapPut("/pacing/caps", SaveWorkspaceCapsAsync).WithName("SetWorkspaceCaps")
            .WithSummary("Replace the workspace's cap overrides (per action: per_hour, per_day; null keeps the default)")
            .ProducesValidationProblem().ProducesProblem(403);
        api.MapGet("/accounts/{id:int}/caps", AccountCapsAsync).WithName("GetAccountCaps")
            .WithSummary("An account's own caps per action, what applies without them, and the caps by its age").ProducesProblem(404);
        api.MapPut("/accounts/{id:int}/caps", SaveAccountCapsAsync).WithName("SetAccountCaps")
            .WithSummary("Replace an account's own cap overrides (taken as they are, without the warm-up ramp)")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        return app;
    }

    private static async Task<Results<Ok<AccountPacingView>, ProblemHttpResult>> AccountAsync(int id, PacingQueries queries, CancellationToken ct) =>
        await queries.AccountAsync(id, ct) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No account {id}.");

    private static async Task<Ok<IReadOnlyDictionary<string, int>>> HealthAsync(PacingQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.HealthCountsAsync(ct));

    private static async Task<Ok<CapsView>> WorkspaceCapsAsync(CapSettings caps, CancellationToken ct) =>
        TypedResults.Ok(await caps.WorkspaceAsync(ct));

    private static async Task<Results<Ok<CapsView>, ProblemHttpResult>> SaveWorkspaceCapsAsync(CapsRequest body, CapSettings caps, CancellationToken ct) =>
        Answer(await caps.SaveWorkspaceAsync(body, ct));

    private static async Task<Results<Ok<CapsView>, ProblemHttpResult>> AccountCapsAsync(int id, CapSettings caps, CancellationToken ct) =>
        Answer(await caps.AccountAsync(id, ct));

    private static async Task<Results<Ok<CapsView>, ProblemHttpResult>> SaveAccountCapsAsync(int id, CapsRequest body, CapSettings caps, CancellationToken ct) =>
        Answer(await caps.SaveAccountAsync(id, body, ct));

    private static Results<Ok<CapsView>, ProblemHttpResult> Answer(ServiceResult<CapsView> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value!) : result.ToProblem();
}
