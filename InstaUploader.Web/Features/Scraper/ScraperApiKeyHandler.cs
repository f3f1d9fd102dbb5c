using System.Security.Claims;
using System.Text.Encodings.Web;
using InstaUploader.Web.Features.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>
/// Seed 004's auth: <c>Authorization: Bearer &lt;SCRAPER_API_KEY&gt;</c>, compared in constant time. A scheme (not an
/// endpoint filter) so a missing key answers 401 before the body is read or validated.
/// </summary>
public sealed class ScraperApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ScraperOptions> scraper,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ScraperApiKey";
    public const string PolicyName = "ScraperApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!SecretComparer.FixedTimeEquals(header["Bearer ".Length..].Trim(), scraper.Value.ApiKey ?? ""))
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid scraper API key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "scraper-api")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = "Send Authorization: Bearer <SCRAPER_API_KEY>.",
            },
        });
    }
}
