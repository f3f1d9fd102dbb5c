using InstaUploader.Instagram;
using InstaUploader.Instagram.Web;
using OtpNet;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>Chromium launched by Playwright (no Dolphin profile): the login variants.</summary>
public sealed class BrowserLoginTests(WebSandboxFixture sandbox) : IClassFixture<WebSandboxFixture>
{
    [Fact]
    public async Task Direct_launch_logs_in_and_saved_cookies_keep_the_session()
    {
        var username = WebSandboxFixture.Unique("direct");
        await sandbox.RegisterAccountAsync(username, "hunter22");

        IReadOnlyList<WebCookie> cookies;
        await using (var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username)))
        {
            Assert.Null(session.Dolphin);
            Assert.False(await sandbox.Web.IsLoggedInAsync(session.Page));
            Assert.Equal(WebLoginOutcome.LoggedIn, await sandbox.Web.LoginAsync(session.Page, new WebCredentials(username, "hunter22")));
            Assert.True(await sandbox.Web.IsLoggedInAsync(session.Page));
            cookies = await InstagramWebAutomation.GetCookiesAsync(session.Page);
        }

        await using var restored = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username, Cookies: cookies));
        Assert.Equal(WebLoginOutcome.AlreadyLoggedIn, await sandbox.Web.LoginAsync(restored.Page, new WebCredentials(username, "hunter22")));
    }

    [Fact]
    public async Task Wrong_password_throws_BadPasswordException()
    {
        var username = WebSandboxFixture.Unique("wrongpw");
        await sandbox.RegisterAccountAsync(username, "hunter22");

        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username));
        var e = await Assert.ThrowsAsync<BadPasswordException>(() =>
            sandbox.Web.LoginAsync(session.Page, new WebCredentials(username, "not-the-password")));
        Assert.Contains("password was incorrect", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_factor_login_enters_the_TOTP_code()
    {
        var username = WebSandboxFixture.Unique("totp");
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        await sandbox.RegisterAccountAsync(username, "hunter22", totpSecret: secret, faults: new { twoFactor = true });

        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username));
        Assert.Equal(WebLoginOutcome.LoggedInWithTwoFactor,
            await sandbox.Web.LoginAsync(session.Page, new WebCredentials(username, "hunter22", TotpSecret: secret)));
        Assert.True(await sandbox.Web.IsLoggedInAsync(session.Page));
    }

    [Fact]
    public async Task Two_factor_without_a_secret_throws_TwoFactorRequiredException()
    {
        var username = WebSandboxFixture.Unique("totpless");
        await sandbox.RegisterAccountAsync(username, "hunter22", totpSecret: "JBSWY3DPEHPK3PXP", faults: new { twoFactor = true });

        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username));
        await Assert.ThrowsAsync<TwoFactorRequiredException>(() => sandbox.Web.LoginAsync(session.Page, new WebCredentials(username, "hunter22")));
    }

    [Fact]
    public async Task Email_challenge_is_passed_with_the_mailed_code()
    {
        var username = WebSandboxFixture.Unique("challenge");
        var email = $"{username}@mail.example";
        await sandbox.RegisterAccountAsync(username, "hunter22", email: email, faults: new { challenge = true });

        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username));
        var outcome = await sandbox.Web.LoginAsync(session.Page,
            new WebCredentials(username, "hunter22", Email: email, EmailPassword: "mailpass"));

        Assert.Equal(WebLoginOutcome.LoggedInAfterChallenge, outcome);
        Assert.True(await sandbox.Web.IsLoggedInAsync(session.Page));
    }

    [Fact]
    public async Task Rate_limited_login_throws_RateLimitedException_and_the_retry_logs_in()
    {
        var username = WebSandboxFixture.Unique("loginlimit");
        await sandbox.RegisterAccountAsync(username, "hunter22", faults: new { rateLimit = 1 });

        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username));
        var credentials = new WebCredentials(username, "hunter22");
        await Assert.ThrowsAsync<RateLimitedException>(() => sandbox.Web.LoginAsync(session.Page, credentials));
        Assert.Equal(WebLoginOutcome.LoggedIn, await sandbox.Web.LoginAsync(session.Page, credentials));
    }

    [Fact]
    public async Task Disabled_account_throws_AccountDisabledException()
    {
        var username = WebSandboxFixture.Unique("banned");
        await sandbox.RegisterAccountAsync(username, "hunter22", faults: new { banned = true });

        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity(username));
        await Assert.ThrowsAsync<AccountDisabledException>(() => sandbox.Web.LoginAsync(session.Page, new WebCredentials(username, "hunter22")));
    }
}
