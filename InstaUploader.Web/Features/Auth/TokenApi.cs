using InstaUploader.Contracts.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Auth;

/// <summary>Worker sign-in (docs/protocol.md): POST /api/login/ → {access, refresh, user}; POST /api/token/refresh/ → {access}.</summary>
public static class TokenApi
{
    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(AuthRoutes.Prefix).AllowAnonymous().WithTags("Auth");
        api.MapPost(AuthRoutes.LoginTemplate, Results<Ok<LoginAnswer>, ProblemHttpResult> (LoginRequest body, IOptions<ApiAuthOptions> options, WorkerTokenService tokens) =>
        {
            var o = options.Value;
            var valid = body.Username is not null && body.Password is not null && o.WorkerPassword is { Length: > 0 }
                        && SecretComparer.FixedTimeEquals(body.Username, o.WorkerUsername)
                        & SecretComparer.FixedTimeEquals(body.Password, o.WorkerPassword);
            if (!valid)
            {
                return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "No active account found with the given credentials");
            }

            var (access, refresh) = tokens.Issue(body.Username!);
            return TypedResults.Ok(new LoginAnswer(access, refresh, new TokenUser(body.Username, MachineAuth.WorkerRole)));
        }).RequireRateLimiting(SignInRateLimit.Policy);
        api.MapPost(AuthRoutes.RefreshTemplate, Results<Ok<RefreshAnswer>, ProblemHttpResult, ValidationProblem> (RefreshRequest body, WorkerTokenService tokens) =>
        {
            if (string.IsNullOrWhiteSpace(body.Refresh))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refresh"] = ["This field is required."] });
            }

            return tokens.ValidateRefreshToken(body.Refresh) is { } subject
                ? TypedResults.Ok(new RefreshAnswer(tokens.Issue(subject).Access))
                : TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "Token is invalid or expired");
        }).RequireRateLimiting(SignInRateLimit.Policy);
        return app;
    }
}
