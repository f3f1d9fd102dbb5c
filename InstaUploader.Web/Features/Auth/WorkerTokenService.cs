using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace InstaUploader.Web.Features.Auth;

/// <summary>Issues and validates the workers' access/refresh JWT pair (HS256; docs/protocol.md#authentication).</summary>
public sealed class WorkerTokenService(IOptions<ApiAuthOptions> options, TimeProvider time)
{
    private const string Issuer = "instauploader-web";
    private const string TokenTypeClaim = "token_type";
    private readonly JsonWebTokenHandler _handler = new();
    private readonly SymmetricSecurityKey _key = new(DeriveKey(options.Value));

    public (string Access, string Refresh) Issue(string subject) =>
        (Create(subject, "access", options.Value.AccessTokenLifetime), Create(subject, "refresh", options.Value.RefreshTokenLifetime));

    public string? ValidateAccessToken(string token) => Validate(token, "access");

    public string? ValidateRefreshToken(string token) => Validate(token, "refresh");

    private string Create(string subject, string type, TimeSpan lifetime)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim(TokenTypeClaim, type), new Claim("jti", Guid.NewGuid().ToString("n"))]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    private string? Validate(string token, string type)
    {
        if (token.Count(c => c == '.') != 2)
        {
            return null;
        }

        var result = _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Issuer,
            IssuerSigningKey = _key,
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } e && e > time.GetUtcNow().UtcDateTime && (notBefore is null || notBefore <= time.GetUtcNow().UtcDateTime.AddMinutes(1)),
        }).GetAwaiter().GetResult();
        return result.IsValid && result.Claims.TryGetValue(TokenTypeClaim, out var t) && (string)t == type
            ? result.Claims.TryGetValue("sub", out var sub) ? sub.ToString() : null
            : null;
    }

    private static byte[] DeriveKey(ApiAuthOptions o) =>
        o.JwtSigningKey is { Length: >= 32 } k
            ? Encoding.UTF8.GetBytes(k)
            : HMACSHA256.HashData(Encoding.UTF8.GetBytes(o.WorkerToken), "instauploader-jwt-signing-key"u8);
}
