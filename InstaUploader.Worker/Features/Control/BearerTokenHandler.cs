using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using InstaUploader.Worker.Features.Registration;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Features.Control;

/// <summary>
/// The Web calls workers with the shared WORKER_API_TOKEN (seed 001 "Authentication") or with the nudge token this
/// replica announced when it registered.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<WorkerOptions> worker, WorkerAddress address)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = header["Bearer ".Length..].Trim();
        var shared = worker.Value.UiApiToken is { Length: > 0 } token && SecretComparer.FixedTimeEquals(presented, token);
        if (!shared && !SecretComparer.FixedTimeEquals(presented, address.NudgeToken))
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid bearer token."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "ui")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
