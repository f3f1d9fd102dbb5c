using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Auth;

/// <summary>
/// Bearer authentication for machine callers: the shared WORKER_API_TOKEN, a worker JWT from /api/login/,
/// or the OPERATOR_API_TOKEN. Static tokens are compared in constant time.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<ApiAuthOptions> auth,
    WorkerTokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string WorkerRole = "worker";
    public const string OperatorRole = "operator";
    public const string WorkerIdHeader = "X-Worker-Id";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = header["Bearer ".Length..].Trim();
        var workerId = Request.Headers[WorkerIdHeader].ToString();
        if (SecretComparer.FixedTimeEquals(presented, auth.Value.WorkerApiToken))
        {
            return Task.FromResult(Success(WorkerRole, string.IsNullOrWhiteSpace(workerId) ? "worker" : workerId));
        }

        if (auth.Value.OperatorApiToken is { Length: > 0 } op && SecretComparer.FixedTimeEquals(presented, op))
        {
            return Task.FromResult(Success(OperatorRole, "operator"));
        }

        if (tokens.ValidateAccessToken(presented) is { } subject)
        {
            return Task.FromResult(Success(WorkerRole, string.IsNullOrWhiteSpace(workerId) ? subject : workerId));
        }

        return Task.FromResult(AuthenticateResult.Fail("Invalid bearer token."));
    }

    private AuthenticateResult Success(string role, string name)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
