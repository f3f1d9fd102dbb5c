using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Auth;

/// <summary>
/// Tokens and credentials for machine callers (section <c>Auth</c>; the original system's WORKER_API_TOKEN,
/// OPERATOR_API_TOKEN, WORKER_ALLOWED_IPS, … are mapped onto it by <c>AddLegacyEnvironmentVariables</c>).
/// See docs/protocol.md#authentication.
/// </summary>
public sealed class ApiAuthOptions
{
    public const string Section = "Auth";

    /// <summary>The worker token: the shared bearer token workers send, and the Web sends to workers it has no nudge token for.</summary>
    [Required, MinLength(16)]
    public string WorkerToken { get; set; } = "";

    /// <summary>Bearer token for the operator management API under /api/v1.</summary>
    public string? OperatorToken { get; set; }

    /// <summary>Comma-separated CIDRs allowed to call worker routes; empty allows all.</summary>
    public string? WorkerAllowedIps { get; set; }

    /// <summary>Credentials for POST /api/login/ (worker JWTs).</summary>
    public string WorkerUsername { get; set; } = "worker";
    public string? WorkerPassword { get; set; }

    /// <summary>HMAC key for the JWTs; derived from the worker token when not given.</summary>
    public string? JwtSigningKey { get; set; }
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);
}
