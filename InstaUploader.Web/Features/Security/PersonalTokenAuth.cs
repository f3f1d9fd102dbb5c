using System.Security.Claims;
using System.Text.Encodings.Web;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Security;

/// <summary>
/// <c>Authorization: Bearer iu_pat_…</c> on the operator API: a live personal token signs its caller in as an operator
/// with the token's workspace and role. Other bearer tokens are left to the machine scheme; a revoked, expired or
/// unknown personal token answers 401 ProblemDetails saying which.
/// </summary>
public sealed class PersonalTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "PersonalToken";
    private const string Bearer = "Bearer ";
    private string? refusal;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var presented = header[Bearer.Length..].Trim();
        if (!presented.StartsWith(ApiTokens.Prefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var (token, why) = await tokens.ValidateAsync(presented, Context.RequestAborted);
        if (token is null)
        {
            refusal = why;
            return AuthenticateResult.Fail(why!);
        }

        List<Claim> claims =
        [
            new(ClaimTypes.Name, token.Name),
            new(ClaimTypes.Role, MachineAuth.OperatorRole),
            new(SecurityClaims.TokenId, token.Id.ToString()),
            new(SecurityClaims.TokenOwner, token.UserId),
            new(WorkspaceClaims.WorkspaceRole, token.Role),
        ];
        if (token.WorkspaceId is { } workspace)
        {
            claims.Add(new Claim(WorkspaceClaims.WorkspaceId, workspace.ToString()));
        }

        if (token.ReadOnly)
        {
            claims.Add(new Claim(SecurityClaims.ReadOnly, "true"));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (refusal is null)
        {
            await base.HandleChallengeAsync(properties);
            return;
        }

        await BearerSchemeHandler.WriteBearerChallengeAsync(Context, refusal);
    }
}

/// <summary>A read-only personal token may read (GET, HEAD) and nothing else.</summary>
public sealed class ReadOnlyTokenRequirement : AuthorizationHandler<ReadOnlyTokenRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadOnlyTokenRequirement requirement)
    {
        var method = (context.Resource as HttpContext)?.Request.Method ?? HttpMethods.Get;
        if (context.User.HasClaim(SecurityClaims.ReadOnly, "true") && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Fail(new AuthorizationFailureReason(this, "This token is read-only: it may only read (GET)."));
        }
        else
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
