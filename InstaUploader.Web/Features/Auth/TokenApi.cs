using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Auth;

/// <summary>Seed 003: POST /api/login/ → {access, refresh, user}; POST /api/token/refresh/ → {access}.</summary>
public static class TokenApi
{
    public static IEndpointRouteBuilder MapTokenApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AllowAnonymous().WithTags("Auth");
        api.MapPost("/login/", (LoginRequest body, IOptions<ApiAuthOptions> options, WorkerTokenService tokens) =>
        {
            var o = options.Value;
            var valid = body.Username is not null && body.Password is not null && o.WorkerPassword is { Length: > 0 }
                        && SecretComparer.FixedTimeEquals(body.Username, o.WorkerUsername)
                        & SecretComparer.FixedTimeEquals(body.Password, o.WorkerPassword);
            if (!valid)
            {
                return Results.Problem(statusCode: 401, title: "Unauthorized", detail: "No active account found with the given credentials");
            }

            var (access, refresh) = tokens.Issue(body.Username!);
            return Results.Json(new { access, refresh, user = new { username = body.Username, role = MachineAuth.WorkerRole } });
        }).RequireRateLimiting(SignInRateLimit.Policy);
        api.MapPost("/token/refresh/", (RefreshRequest body, WorkerTokenService tokens) =>
        {
            if (string.IsNullOrWhiteSpace(body.Refresh))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["refresh"] = ["This field is required."] });
            }

            return tokens.ValidateRefreshToken(body.Refresh) is { } subject
                ? Results.Json(new { access = tokens.Issue(subject).Access })
                : Results.Problem(statusCode: 401, title: "Unauthorized", detail: "Token is invalid or expired");
        }).RequireRateLimiting(SignInRateLimit.Policy);
        return app;
    }

    public sealed record LoginRequest(
        [property: JsonPropertyName("username")] string? Username,
        [property: JsonPropertyName("password")] string? Password);

    public sealed record RefreshRequest([property: JsonPropertyName("refresh")] string? Refresh);
}
