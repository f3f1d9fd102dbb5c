using InstaUploader.Instagram.Mobile;
using InstaUploader.Sandbox.State;
using Xunit;

namespace InstaUploader.Tests.Instagram.Mobile;

/// <summary>
/// Refusals only a person can clear, each injected in the Sandbox as Instagram answers it: the client raises its
/// typed exception (never the generic, retryable one) and, for checkpoints, asks for no e-mailed code.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class MobileNeedsAttentionTests(SandboxFixture sandbox)
{
    public static TheoryData<string, Type> LoginFaults => new()
    {
        { nameof(SandboxFaults.SentryBlock), typeof(SentryBlockException) },
        { nameof(SandboxFaults.OldAppBlockedInEu), typeof(AppVersionRefusedException) },
        { nameof(SandboxFaults.CheckpointRequired), typeof(CheckpointRequiredException) },
        { "native_flow", typeof(ManualChallengeException) },
        { "auth_platform", typeof(ManualChallengeException) },
        { nameof(SandboxFaults.BloksTwoFactor), typeof(BloksTwoFactorRequiredException) },
    };

    [Theory]
    [MemberData(nameof(LoginFaults))]
    public async Task A_login_refusal_only_a_person_can_clear_raises_its_typed_exception(string fault, Type expected)
    {
        var username = SandboxFixture.UniqueName("attn");
        var email = $"{username}@mail.sandbox.local";
        await sandbox.RegisterAccountAsync(username, "pw", totpSecret: "JBSWY3DPEHPK3PXP", email: email, emailPassword: "m", faults: Faults(fault));
        var credentials = new MobileCredentials(username, "pw", TotpSecret: "JBSWY3DPEHPK3PXP", Email: email, EmailPassword: "m");

        var error = await Record.ExceptionAsync(() =>
            MobileTestKit.Client(sandbox).LoginAsync(credentials, emailCodeReader: MobileImap.Reader(sandbox)));

        Assert.IsType(expected, error);
        Assert.IsAssignableFrom<NeedsAttentionException>(error);
        Assert.Empty(await sandbox.MailAsync(email));
        Assert.Empty(await sandbox.ActionsAsync(username, "login"));
    }

    [Fact]
    public async Task A_bare_404_not_found_is_a_masked_checkpoint_not_a_missing_resource()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "masked");
        await sandbox.SetFaultsAsync(username, new SandboxFaults { MaskedCheckpoint = 1 });

        var error = await Assert.ThrowsAsync<CheckpointRequiredException>(() => client.GetCurrentUserAsync(session));

        Assert.Contains("Not Found", error.Message, StringComparison.Ordinal);
        Assert.Equal(username, (await client.GetCurrentUserAsync(session)).Username);
    }

    private static SandboxFaults Faults(string fault) => fault switch
    {
        nameof(SandboxFaults.SentryBlock) => new SandboxFaults { SentryBlock = true },
        nameof(SandboxFaults.OldAppBlockedInEu) => new SandboxFaults { OldAppBlockedInEu = true },
        nameof(SandboxFaults.CheckpointRequired) => new SandboxFaults { CheckpointRequired = true },
        nameof(SandboxFaults.BloksTwoFactor) => new SandboxFaults { BloksTwoFactor = true, TwoFactor = true },
        _ => new SandboxFaults { ManualChallenge = fault },
    };
}
