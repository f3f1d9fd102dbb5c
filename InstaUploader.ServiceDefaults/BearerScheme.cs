using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What one bearer scheme accepts: <see cref="ValidateToken"/> turns a presented token into the caller's claims (null
/// refuses it). Each scheme (the Web's machine callers, the scraper key, a worker's own API) brings its own.
/// </summary>
public sealed class BearerSchemeOptions : AuthenticationSchemeOptions
{
    public Func<HttpContext, string, IEnumerable<Claim>?> ValidateToken { get; set; } = (_, _) => null;

    /// <summary>With a detail, a missing or refused token is answered 401 with ProblemDetails and <c>WWW-Authenticate: Bearer</c>.</summary>
    public string? ChallengeDetail { get; set; }
}

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c>: no such header is no result (another scheme or the policy decides), a
/// token <see cref="BearerSchemeOptions.ValidateToken"/> refuses fails. A scheme rather than an endpoint filter, so a
/// missing token answers 401 before a body is read. Compare static secrets with <see cref="SecretComparer"/>.
/// </summary>
public sealed class BearerSchemeHandler(IOptionsMonitor<BearerSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<BearerSchemeOptions>(options, logger, encoder)
{
    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (Options.ValidateToken(Context, header[Prefix.Length..].Trim()) is not { } claims)
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid bearer token."));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        // Another scheme of the same policy (a personal token's) has already answered with its reason.
        if (Response.HasStarted)
        {
            return;
        }

        if (Options.ChallengeDetail is not { } detail)
        {
            await base.HandleChallengeAsync(properties);
            return;
        }

        await WriteBearerChallengeAsync(Context, detail);
    }

    /// <summary>A 401 that says why a bearer credential was refused, as a ProblemDetails (every bearer scheme's challenge).</summary>
    public static async Task WriteBearerChallengeAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = detail },
        });
    }
}

public static class BearerSchemeExtensions
{
    public static AuthenticationBuilder AddBearerScheme(this AuthenticationBuilder builder, string scheme, Action<BearerSchemeOptions> configure) =>
        builder.AddScheme<BearerSchemeOptions, BearerSchemeHandler>(scheme, configure);

    /// <summary>A principal named <paramref name="name"/>, optionally in <paramref name="role"/>.</summary>
    public static Claim[] Caller(string name, string? role = null) =>
        role is null ? [new Claim(ClaimTypes.Name, name)] : [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)];
}
