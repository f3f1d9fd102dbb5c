using InstaUploader.Instagram;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Sandbox.State;
using OtpNet;
using Xunit;

namespace InstaUploader.Tests.Instagram.Mobile;

[Collection(SandboxCollection.Name)]
public sealed class MobileLoginTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Login_with_the_right_password_yields_an_IGT_session_for_the_account()
    {
        var username = SandboxFixture.UniqueName("login");
        var pk = await sandbox.RegisterAccountAsync(username, "right-pass");
        var client = MobileTestKit.Client(sandbox);

        var session = await client.LoginAsync(new MobileCredentials(username, "right-pass"));

        Assert.True(session.IsAuthenticated);
        Assert.Equal(pk, session.UserPk);
        Assert.StartsWith("Bearer IGT:2:", session.Authorization);
        Assert.NotNull(session.Mid);
        var me = await client.GetCurrentUserAsync(session);
        Assert.Equal(username, me.Username);
        Assert.Single(await sandbox.ActionsAsync(username, "login"));
    }

    [Fact]
    public async Task A_persisted_session_is_reused_without_logging_in_again()
    {
        var username = SandboxFixture.UniqueName("reuse");
        await sandbox.RegisterAccountAsync(username, "pw-1");
        var client = MobileTestKit.Client(sandbox);
        var stored = (await client.LoginAsync(new MobileCredentials(username, "pw-1"))).ToJson();

        var restored = MobileSession.FromJson(stored);
        var again = await MobileTestKit.Client(sandbox).LoginAsync(new MobileCredentials(username, "pw-1"), restored);

        Assert.Same(restored, again);
        Assert.Equal(MobileSession.FromJson(stored).Device, again.Device);
        Assert.Single(await sandbox.ActionsAsync(username, "login"));
    }

    [Fact]
    public async Task An_expired_session_is_replaced_by_a_fresh_login()
    {
        var username = SandboxFixture.UniqueName("expired");
        await sandbox.RegisterAccountAsync(username, "pw-2");
        var client = MobileTestKit.Client(sandbox);
        var session = await client.LoginAsync(new MobileCredentials(username, "pw-2"));
        var oldAuthorization = session.Authorization;
        sandbox.Store.Mobile.Sessions.Clear();

        await Assert.ThrowsAsync<LoginRequiredException>(() => client.GetCurrentUserAsync(session));
        await client.LoginAsync(new MobileCredentials(username, "pw-2"), session);

        Assert.NotEqual(oldAuthorization, session.Authorization);
        Assert.Equal(2, (await sandbox.ActionsAsync(username, "login")).Count);
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_are_BadPassword()
    {
        var username = SandboxFixture.UniqueName("badpw");
        await sandbox.RegisterAccountAsync(username, "right");
        var client = MobileTestKit.Client(sandbox);

        await Assert.ThrowsAsync<BadPasswordException>(() => client.LoginAsync(new MobileCredentials(username, "wrong")));
        await Assert.ThrowsAsync<BadPasswordException>(() => client.LoginAsync(new MobileCredentials(username + "x", "right")));
        Assert.Empty(await sandbox.ActionsAsync(username, "login"));
    }

    [Fact]
    public async Task Two_factor_is_completed_with_the_TOTP_seed()
    {
        var username = SandboxFixture.UniqueName("totp");
        var seed = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        var pk = await sandbox.RegisterAccountAsync(username, "pw", totpSecret: seed, faults: new SandboxFaults { TwoFactor = true });
        var client = MobileTestKit.Client(sandbox);

        await Assert.ThrowsAsync<TwoFactorRequiredException>(() => client.LoginAsync(new MobileCredentials(username, "pw")));
        var otherSeed = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        await Assert.ThrowsAsync<TwoFactorRequiredException>(() => client.LoginAsync(new MobileCredentials(username, "pw", otherSeed)));
        var session = await client.LoginAsync(new MobileCredentials(username, "pw", seed));

        Assert.Equal(pk, session.UserPk);
        Assert.Single(await sandbox.ActionsAsync(username, "login"));
    }

    [Fact]
    public async Task Challenge_is_passed_with_the_code_read_over_IMAP_and_not_asked_again_on_that_device()
    {
        var username = SandboxFixture.UniqueName("chal");
        var email = $"{username}@mail.sandbox.local";
        await sandbox.RegisterAccountAsync(username, "pw", email: email, emailPassword: "mailpw", faults: new SandboxFaults { Challenge = true });
        var client = MobileTestKit.Client(sandbox);
        var credentials = new MobileCredentials(username, "pw", Email: email, EmailPassword: "mailpw");

        await Assert.ThrowsAsync<ChallengeRequiredException>(() => client.LoginAsync(credentials));
        var session = await client.LoginAsync(credentials, emailCodeReader: MobileImap.Reader(sandbox));

        Assert.True(session.IsAuthenticated);
        var mails = await sandbox.MailAsync(email);
        Assert.Single(mails);
        Assert.Matches(@"\b\d{6}\b", mails[0].Body);

        session.SignOut();
        await client.LoginAsync(credentials, session);
        Assert.Single(await sandbox.MailAsync(email));
        Assert.Equal(2, (await sandbox.ActionsAsync(username, "login")).Count);
    }

    [Fact]
    public async Task A_banned_account_is_AccountDisabled_at_login_and_on_a_live_session()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "ban");
        await sandbox.SetFaultsAsync(username, new SandboxFaults { Banned = true });

        await Assert.ThrowsAsync<AccountDisabledException>(() => client.GetTimelineAsync(session));
        await Assert.ThrowsAsync<AccountDisabledException>(() => client.LoginAsync(new MobileCredentials(username, "s3cret!")));
    }

    [Fact]
    public async Task Calls_without_a_valid_authorization_are_login_required()
    {
        var forged = MobileSession.Create();
        forged.UserPk = 42;
        forged.Authorization = "Bearer IGT:2:" + Convert.ToBase64String("{\"ds_user_id\":\"42\",\"sessionid\":\"42%3Anope\"}"u8.ToArray());

        await Assert.ThrowsAsync<LoginRequiredException>(() => MobileTestKit.Client(sandbox).GetTimelineAsync(forged));
    }
}
