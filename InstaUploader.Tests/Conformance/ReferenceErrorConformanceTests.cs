using InstaUploader.Sandbox.State;
using InstaUploader.Tests.Instagram;
using Xunit;

namespace InstaUploader.Tests.Conformance;

/// <summary>
/// The reference client (instagrapi, unmodified) meets every refusal the Sandbox injects for app identity and
/// checkpoints, and raises its own exception for each: the Sandbox answers them as Instagram does.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ReferenceErrorConformanceTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Errors_scenario_each_injected_refusal_raises_the_reference_clients_exception()
    {
        var faults = new Dictionary<string, SandboxFaults>
        {
            ["none"] = new(),
            ["masked"] = new(),
            ["sentry"] = new() { SentryBlock = true },
            ["eu"] = new() { OldAppBlockedInEu = true },
            ["checkpoint"] = new() { CheckpointRequired = true },
            ["native_flow"] = new() { ManualChallenge = "native_flow" },
            ["auth_platform"] = new() { ManualChallenge = "auth_platform" },
            ["bloks_2fa"] = new() { BloksTwoFactor = true },
            ["banned"] = new() { Banned = true },
        };
        var accounts = new Dictionary<string, string>();
        foreach (var (name, fault) in faults)
        {
            accounts[name] = SandboxFixture.UniqueName("referr");
            await sandbox.RegisterAccountAsync(accounts[name], "pw", faults: fault);
        }

        await ReferenceClient.AssertPassesAsync("errors",
        [
            "an app version Instagram no longer serves gets needs_upgrade (UnknownError)",
            "a Bloks id of another build is refused (UnknownError)",
            "sentry_block raises SentryBlock",
            "block_eu_user_login_in_old_app raises UnknownError",
            "checkpoint_required raises UnknownError",
            "a native_flow challenge raises ChallengeRequired (manual verification)",
            "an auth_platform challenge raises ChallengeRequired (manual verification)",
            "a Bloks two-factor login raises TwoFactorRequired",
            "a bare 404 Not Found raises ChallengeRequired",
            "a suspended account raises AccountSuspended",
        ], sandbox.BaseUrl, new { password = "pw", accounts });
    }
}
