using System.Net;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Features.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace InstaUploader.Tests.Security;

/// <summary>
/// Sign-in through the real forms: successes and failures are audited; a disabled user cannot sign in; signing a user
/// out everywhere ends their cookie at its next validation; TOTP two-factor asks for a code after the password and
/// takes an authenticator code (computed here per RFC 6238) or a recovery code.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class UserSecurityTests(ControlPlaneFixture fx, ITestOutputHelper output)
{
    private const string Password = "Operator-Password-1";

    [Fact]
    public async Task Sign_ins_and_failures_are_audited_and_a_disabled_user_cannot_sign_in_until_re_enabled()
    {
        await using var services = await SecurityHarness.ServicesAsync(fx);
        var user = await SecurityHarness.CreateUserAsync(services, Password);
        using var browser = SecurityHarness.Browser(fx);

        Assert.Null(await SecurityHarness.SignInAsync(browser, user.Email!, "wrong-password-1"));
        Assert.Equal("/", await SecurityHarness.SignInAsync(browser, user.Email!, Password));
        Assert.True(await SecurityHarness.SignedInAsync(browser));

        await using (var scope = services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserAdmin>().DisableAsync(user.Id, default));
        }

        using var other = SecurityHarness.Browser(fx);
        Assert.Null(await SecurityHarness.SignInAsync(other, user.Email!, Password));
        await using (var scope = services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserAdmin>().EnableAsync(user.Id, default));
        }

        Assert.Equal("/", await SecurityHarness.SignInAsync(other, user.Email!, Password));

        await using var db = SecurityHarness.Db(services);
        var actions = await db.AuditEntries.AsNoTracking().Where(e => e.RecordType == "user" && e.RecordId == user.Id).OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.Details, e.Ip }).ToListAsync();
        Assert.Equal([AuditActions.SignInFailed, AuditActions.SignIn, AuditActions.UserDisabled, AuditActions.SignInFailed, AuditActions.UserEnabled, AuditActions.SignIn],
            actions.Select(a => a.Action));
        Assert.Contains("wrong password", actions[0].Details);
        Assert.Contains("locked out", actions[3].Details);
        Assert.DoesNotContain(actions, a => a.Details?.Contains(Password, StringComparison.Ordinal) == true);
        Assert.StartsWith("127.0.0.", actions[1].Ip);
    }

    [Fact]
    public async Task Signing_a_user_out_everywhere_ends_their_cookie_within_the_validation_interval()
    {
        await using var services = await SecurityHarness.ServicesAsync(fx);
        var user = await SecurityHarness.CreateUserAsync(services, Password);
        using var browser = SecurityHarness.Browser(fx);
        Assert.Equal("/", await SecurityHarness.SignInAsync(browser, user.Email!, Password));
        Assert.True(await SecurityHarness.SignedInAsync(browser));

        await using (var scope = services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserAdmin>().SignOutEverywhereAsync(user.Id, default));
        }

        var signedOutAt = DateTime.UtcNow;
        var deadline = signedOutAt + ControlPlaneFixture.StampValidationInterval + TimeSpan.FromSeconds(30);
        while (await SecurityHarness.SignedInAsync(browser))
        {
            Assert.True(DateTime.UtcNow < deadline, "the cookie still opens the dashboard after the security stamp changed");
            await Task.Delay(250);
        }

        output.WriteLine($"the cookie stopped working {(DateTime.UtcNow - signedOutAt).TotalSeconds:0.0} s after sign-out everywhere");
    }

    [Fact]
    public async Task Two_factor_sign_in_takes_a_totp_code_or_a_recovery_code_once()
    {
        await using var services = await SecurityHarness.ServicesAsync(fx);
        var user = await SecurityHarness.CreateUserAsync(services, Password);
        string key;
        List<string> recovery;
        await using (var scope = services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            var tracked = (await users.FindByIdAsync(user.Id))!;
            await users.ResetAuthenticatorKeyAsync(tracked);
            key = (await users.GetAuthenticatorKeyAsync(tracked))!;
            await users.SetTwoFactorEnabledAsync(tracked, true);
            recovery = [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync(tracked, 10))!];
        }

        using (var browser = SecurityHarness.Browser(fx))
        {
            var next = await SecurityHarness.SignInAsync(browser, user.Email!, Password);
            Assert.StartsWith("/account/login-2fa", next);
            Assert.False(await SecurityHarness.SignedInAsync(browser));
            using (var wrong = await SecurityHarness.SubmitAsync(browser, next!, "login-2fa", new() { ["Input.Code"] = "000000" }))
            {
                Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            }

            using var right = await SecurityHarness.SubmitAsync(browser, next!, "login-2fa", new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
            Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
            Assert.True(await SecurityHarness.SignedInAsync(browser));
        }

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var browser = SecurityHarness.Browser(fx);
            var next = await SecurityHarness.SignInAsync(browser, user.Email!, Password);
            using var response = await SecurityHarness.SubmitAsync(browser, next!, "login-2fa",
                new() { ["Input.Code"] = recovery[0], ["Input.IsRecoveryCode"] = "true" });
            // A recovery code signs in once; the second time it is refused.
            Assert.Equal(attempt == 0 ? HttpStatusCode.Redirect : HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(attempt == 0, await SecurityHarness.SignedInAsync(browser));
        }

        await using var db = SecurityHarness.Db(services);
        var details = await db.AuditEntries.AsNoTracking().Where(e => e.RecordType == "user" && e.RecordId == user.Id && e.Action == AuditActions.SignIn)
            .Select(e => e.Details).ToListAsync();
        Assert.Contains(details, d => d != null && d.Contains("authenticator code", StringComparison.Ordinal));
        Assert.Contains(details, d => d != null && d.Contains("recovery code", StringComparison.Ordinal));
    }
}
