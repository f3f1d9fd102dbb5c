using Microsoft.Extensions.Options;

namespace InstaUploader.Sandbox.Dolphin;

/// <summary>
/// The API token checks. Remote API: every request carries <c>Authorization: Bearer &lt;token&gt;</c> (OpenAPI 1.0.7,
/// info.description "You must present token in the Authorization header for every request"); with no token
/// configured any non-empty one passes. Local API: open until a token is configured, then it wants
/// <c>/v1.0/auth/login-with-token</c> first (or the bearer).
/// </summary>
public sealed class DolphinAuth(IOptions<SandboxOptions> options)
{
    private volatile bool _loggedIn;

    private string? Token => string.IsNullOrEmpty(options.Value.DolphinApiToken) ? null : options.Value.DolphinApiToken;

    public bool TryLogin(string? token)
    {
        if (Token is null || SecretComparer.FixedTimeEquals(token ?? "", Token))
        {
            _loggedIn = true;
            return true;
        }

        return false;
    }

    public bool IsLocalAuthorized(HttpRequest request) => Token is null || _loggedIn || HasValidBearer(request);

    public bool IsRemoteAuthorized(HttpRequest request) => HasValidBearer(request);

    private bool HasValidBearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Length == "Bearer ".Length)
        {
            return false;
        }

        var presented = header["Bearer ".Length..];
        return Token is null || SecretComparer.FixedTimeEquals(presented, Token);
    }
}
