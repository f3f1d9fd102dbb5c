using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Auth;

/// <summary>Tokens and credentials for machine callers. Bound from the seed's environment variable names.</summary>
public sealed class ApiAuthOptions
{
    /// <summary>Shared bearer token workers send (seed 000/001 WORKER_API_TOKEN).</summary>
    [Required, MinLength(16)]
    public string WorkerApiToken { get; set; } = "";

    /// <summary>Bearer token for the operator management API under /api/v1.</summary>
    public string? OperatorApiToken { get; set; }

    /// <summary>Comma-separated CIDRs allowed to call worker routes; empty allows all (seed 000 IP allowlist).</summary>
    public string? WorkerAllowedIps { get; set; }

    /// <summary>Credentials for seed 003's POST /api/login/.</summary>
    public string WorkerUsername { get; set; } = "worker";
    public string? WorkerPassword { get; set; }

    /// <summary>HMAC key for the JWTs; derived from the worker token when not given.</summary>
    public string? JwtSigningKey { get; set; }
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    public static ApiAuthOptions FromConfiguration(IConfiguration config, ApiAuthOptions o)
    {
        o.WorkerApiToken = config["WORKER_API_TOKEN"] ?? o.WorkerApiToken;
        o.OperatorApiToken = config["OPERATOR_API_TOKEN"] ?? o.OperatorApiToken;
        o.WorkerAllowedIps = config["WORKER_ALLOWED_IPS"] ?? o.WorkerAllowedIps;
        o.WorkerUsername = config["WORKER_USERNAME"] ?? o.WorkerUsername;
        o.WorkerPassword = config["WORKER_PASSWORD"] ?? o.WorkerPassword;
        o.JwtSigningKey = config["JWT_SIGNING_KEY"] ?? o.JwtSigningKey;
        return o;
    }
}
