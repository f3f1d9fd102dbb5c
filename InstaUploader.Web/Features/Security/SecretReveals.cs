using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Security;

/// <summary>A stored secret shown in clear to one caller, once per request; the reveal itself is audited.</summary>
public sealed record RevealedSecret(string Field, string? Value);

/// <summary>Which secret of an account to reveal.</summary>
public sealed record RevealRequest(string? Field);

/// <summary>
/// Reveals an account's password, 2FA secret or e-mail password, or a proxy's password, to a role that operates the
/// workspace that owns it (a workspace a proxy is only lent to uses it, it does not read its password). Every reveal
/// is an audit entry naming the record and the field, never the value.
/// </summary>
public sealed class SecretReveals(AppDbContext db, AuditLog audit)
{
    public static readonly string[] AccountFields = ["password", "two_factor_secret", "email_password"];

    public async Task<ServiceResult<RevealedSecret>> AccountAsync(int id, RevealRequest request, CancellationToken ct)
    {
        var field = request.Field?.Trim().ToLowerInvariant();
        if (field is null || !AccountFields.Contains(field))
        {
            return ServiceResult<RevealedSecret>.Invalid("field", $"Required, one of: {string.Join(", ", AccountFields)}.");
        }

        var account = await db.Writable(db.Accounts).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return ServiceResult<RevealedSecret>.NotFound($"Account {id} does not exist.");
        }

        var value = field switch
        {
            "password" => account.Password,
            "two_factor_secret" => account.TwoFactorSecret,
            _ => account.EmailPassword,
        };
        await audit.WriteAsync(AuditActions.SecretRevealed, "account", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            account.WorkspaceId, new { field, account.Username }, ct: ct);
        return ServiceResult<RevealedSecret>.Ok(new RevealedSecret(field, value));
    }

    public async Task<ServiceResult<RevealedSecret>> ProxyAsync(int id, CancellationToken ct)
    {
        var proxy = await db.Writable(db.Proxies).AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (proxy is null)
        {
            return ServiceResult<RevealedSecret>.NotFound($"Proxy {id} does not exist.");
        }

        await audit.WriteAsync(AuditActions.SecretRevealed, "proxy", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            proxy.WorkspaceId, new { field = "password", proxy.Host, proxy.Port }, ct: ct);
        return ServiceResult<RevealedSecret>.Ok(new RevealedSecret("password", proxy.Password));
    }
}
