using Microsoft.AspNetCore.Identity;

namespace InstaUploader.Web.Features.Security;

/// <summary>TOTP two-factor enrolment with Identity's authenticator support: a key to type in, a code to prove it, recovery codes.</summary>
public sealed class TwoFactor(UserManager<IdentityUser> users, AuditLog audit)
{
    public const string Issuer = "InstaUploader";
    public const int RecoveryCodeCount = 10;

    public sealed record Enrolment(string Key, string Uri, bool Enabled, int RecoveryCodesLeft);

    public async Task<Enrolment> EnrolmentAsync(IdentityUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }

        var label = Uri.EscapeDataString($"{Issuer}:{user.Email}");
        var uri = $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
        return new Enrolment(key, uri, user.TwoFactorEnabled, await users.CountRecoveryCodesAsync(user));
    }

    /// <summary>Turns two-factor on when <paramref name="code"/> matches the key; returns the recovery codes, shown once.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(IdentityUser user, string code)
    {
        var digits = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return null;
        }

        audit.Record(AuditActions.TwoFactorEnabled, "user", user.Id, details: new { user.Email });
        await users.SetTwoFactorEnabledAsync(user, true);
        audit.Record(AuditActions.RecoveryCodesIssued, "user", user.Id, details: new { count = RecoveryCodeCount });
        return (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList() ?? [];
    }

    public async Task DisableAsync(IdentityUser user)
    {
        audit.Record(AuditActions.TwoFactorDisabled, "user", user.Id, details: new { user.Email });
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
    }
}
