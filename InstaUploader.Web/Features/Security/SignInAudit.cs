using Microsoft.AspNetCore.Identity;

namespace InstaUploader.Web.Features.Security;

/// <summary>
/// What follows a sign-in attempt: the audit entry, and where the browser goes next (the two-factor step, the
/// enrolment page when two-factor is required for everyone and the user has none, or where they were going).
/// </summary>
public sealed class SignInAudit(UserManager<IdentityUser> users, AuditLog audit, SecuritySettingsStore settings)
{
    public const string TwoFactorPath = "/account/login-2fa";
    public const string EnrolPath = "/settings/two-factor";

    public async Task<string> AfterPasswordAsync(string email, SignInResult result, string returnUrl, bool rememberMe, CancellationToken ct = default)
    {
        var user = await users.FindByEmailAsync(email);
        if (result.RequiresTwoFactor)
        {
            return $"{TwoFactorPath}?returnUrl={Uri.EscapeDataString(returnUrl)}&rememberMe={rememberMe}";
        }

        var reason = result switch
        {
            { Succeeded: true } => null,
            { IsLockedOut: true } => "locked out",
            { IsNotAllowed: true } => "not allowed",
            _ => user is null ? "unknown user" : "wrong password",
        };
        await audit.SignInAsync(email, user?.Id, result.Succeeded, reason, ct);
        return result.Succeeded ? await NextAsync(user, returnUrl, ct) : returnUrl;
    }

    /// <summary>After the second factor (an authenticator code or a recovery code).</summary>
    public async Task<string> AfterSecondFactorAsync(IdentityUser user, SignInResult result, string how, string returnUrl, CancellationToken ct = default)
    {
        var reason = result.Succeeded ? null : result.IsLockedOut ? "locked out" : $"wrong {how}";
        await audit.SignInAsync(user.Email ?? user.Id, user.Id, result.Succeeded, reason ?? how, ct);
        return await NextAsync(user, returnUrl, ct);
    }

    private async Task<string> NextAsync(IdentityUser? user, string returnUrl, CancellationToken ct) =>
        user is { TwoFactorEnabled: false } && (await settings.GetAsync(ct)).RequireTwoFactor ? EnrolPath + "?required=true" : returnUrl;
}
