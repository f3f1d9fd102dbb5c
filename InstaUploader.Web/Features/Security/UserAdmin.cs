using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Security;

/// <summary>
/// What an Owner or Admin does to other users: disable and re-enable them, issue a one-time password reset link, sign
/// them out everywhere. Each change is audited in the SaveChanges that makes it.
/// </summary>
public sealed class UserAdmin(UserManager<IdentityUser> users, AuditLog audit, TimeProvider time)
{
    public sealed record UserRow(string Id, string Email, bool Disabled, bool TwoFactor, DateTimeOffset? LockedUntil);

    public async Task<List<UserRow>> ListAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await users.Users.AsNoTracking().OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.LockoutEnd, u.TwoFactorEnabled }).ToListAsync(ct);
        return rows.Select(u => new UserRow(u.Id, u.Email ?? "", u.LockoutEnd > now, u.TwoFactorEnabled, u.LockoutEnd)).ToList();
    }

    /// <summary>Locks the user out for good and ends their sessions (the stamp changes).</summary>
    public async Task<string?> DisableAsync(string id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return "No such user.";
        }

        if (audit.Caller.UserId == id)
        {
            return "You cannot disable yourself.";
        }

        audit.Record(AuditActions.UserDisabled, "user", id, details: new { user.Email });
        await users.SetLockoutEnabledAsync(user, true);
        var result = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        return Error(result);
    }

    public async Task<string?> EnableAsync(string id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return "No such user.";
        }

        audit.Record(AuditActions.UserEnabled, "user", id, details: new { user.Email });
        var result = await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        return Error(result);
    }

    /// <summary>
    /// A reset link for the user, shown once to the admin who asked. Identity's reset token is bound to the security
    /// stamp, which the reset itself changes, so the link works once.
    /// </summary>
    public async Task<(string? Link, string? Error)> IssueResetLinkAsync(string id, string baseUri, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return (null, "No such user.");
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        await audit.WriteAsync(AuditActions.PasswordResetIssued, "user", id, details: new { user.Email }, ct: ct);
        var code = WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(token));
        return ($"{baseUri.TrimEnd('/')}/account/reset-password?user={Uri.EscapeDataString(id)}&code={code}", null);
    }

    /// <summary>Changes the security stamp: every cookie of the user is refused at its next validation (within a minute).</summary>
    public async Task<string?> SignOutEverywhereAsync(string id, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id) is not { } user)
        {
            return "No such user.";
        }

        audit.Record(AuditActions.UserSignedOutEverywhere, "user", id, details: new { user.Email });
        return Error(await users.UpdateSecurityStampAsync(user));
    }

    private static string? Error(IdentityResult result) =>
        result.Succeeded ? null : string.Join(" ", result.Errors.Select(e => e.Description));
}
