using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.Security;

/// <summary>The reveal routes: POST, so a reveal is a deliberate, audited act and never a cached or prefetched GET.</summary>
public static class SecretRevealsApi
{
    public static IEndpointRouteBuilder MapSecretRevealsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").RequireAuthorization(AuthExtensions.OperatorPolicy).WithTags("Secrets");
        api.MapPost("/accounts/{id:int}/secrets/reveal", async Task<Results<Ok<RevealedSecret>, ProblemHttpResult>> (
                int id, RevealRequest body, SecretReveals reveals, CancellationToken ct) =>
                await reveals.AccountAsync(id, body, ct) is var r && r.Succeeded ? TypedResults.Ok(r.Value) : r.ToProblem())
            .WithName("RevealAccountSecret").WithSummary("Show one stored secret of an account in clear (audited; operators and up)")
            .ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        api.MapPost("/proxies/{id:int}/password/reveal", async Task<Results<Ok<RevealedSecret>, ProblemHttpResult>> (
                int id, SecretReveals reveals, CancellationToken ct) =>
                await reveals.ProxyAsync(id, ct) is var r && r.Succeeded ? TypedResults.Ok(r.Value) : r.ToProblem())
            .WithName("RevealProxyPassword").WithSummary("Show a proxy's stored password in clear (audited; operators of its own workspace)")
            .ProducesProblem(403).ProducesProblem(404);
        return app;
    }
}
