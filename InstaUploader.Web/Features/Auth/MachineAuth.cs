using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Auth;

/// <summary>
/// The Web's bearer scheme for machine callers: the worker token, a worker JWT from /api/login/, or the operator token.
/// Static tokens are compared in constant time. See docs/protocol.md#authentication.
/// </summary>
public static class MachineAuth
{
    public const string SchemeName = "ApiToken";
    public const string WorkerRole = "worker";
    public const string OperatorRole = "operator";
    public const string WorkerIdHeader = "X-Worker-Id";

    public static IEnumerable<Claim>? Validate(HttpContext http, string presented)
    {
        var auth = http.RequestServices.GetRequiredService<IOptions<ApiAuthOptions>>().Value;
        var workerId = http.Request.Headers[WorkerIdHeader].ToString();
        if (SecretComparer.FixedTimeEquals(presented, auth.WorkerToken))
        {
            return BearerSchemeExtensions.Caller(string.IsNullOrWhiteSpace(workerId) ? "worker" : workerId, WorkerRole);
        }

        if (SecretComparer.FixedTimeEquals(presented, auth.OperatorToken))
        {
            return BearerSchemeExtensions.Caller("operator", OperatorRole);
        }

        return http.RequestServices.GetRequiredService<WorkerTokenService>().ValidateAccessToken(presented) is { } subject
            ? BearerSchemeExtensions.Caller(string.IsNullOrWhiteSpace(workerId) ? subject : workerId, WorkerRole)
            : null;
    }
}
