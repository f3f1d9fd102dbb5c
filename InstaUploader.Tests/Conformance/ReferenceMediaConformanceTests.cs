using InstaUploader.Sandbox.State;
using InstaUploader.Tests.Instagram;
using OtpNet;
using Xunit;

namespace InstaUploader.Tests.Conformance;

/// <summary>
/// The reference client (instagrapi, unmodified) through every other mobile interaction the product uses and every
/// refusal the Sandbox injects: its models parse each answer, its own exception is raised for each refusal.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ReferenceMediaConformanceTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Media_scenario_timeline_like_bio_link_avatar_reel_and_photo()
    {
        var username = SandboxFixture.UniqueName("refm");
        await sandbox.RegisterAccountAsync(username, "pw", email: $"{username}@example.com");

        await ReferenceClient.AssertPassesAsync("media",
        [
            "login",
            "get_timeline_feed",
            "media_like",
            "account_set_biography",
            "set_external_url (update_bio_links)",
            "account_change_picture parses UserShort",
            "clip_upload parses Media",
            "photo_upload parses Media",
        ], sandbox.BaseUrl, new
        {
            username, password = "pw", media_id = await SeedPostAsync(sandbox),
            video = await ReferenceMedia.VideoAsync(), image = await ReferenceMedia.JpegAsync(),
        });

        var posts = await sandbox.PostsAsync(username);
        Assert.Equal([1, 2], posts.Select(p => p.MediaType).Order());
        Assert.Contains(await sandbox.ActionsAsync(username, "like"), a => a.Username == username);
    }

    [Fact]
    public async Task Checkpoint_scenario_two_factor_challenge_and_injected_refusals()
    {
        var username = SandboxFixture.UniqueName("refc");
        var totpUser = SandboxFixture.UniqueName("reft");
        var challengeUser = SandboxFixture.UniqueName("refe");
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        await sandbox.RegisterAccountAsync(username, "pw");
        await sandbox.RegisterAccountAsync(totpUser, "pw", totpSecret: secret, faults: new SandboxFaults { TwoFactor = true });
        await sandbox.RegisterAccountAsync(challengeUser, "pw", email: $"{challengeUser}@example.com", faults: new SandboxFaults { Challenge = true });

        await ReferenceClient.AssertPassesAsync("checkpoints",
        [
            "two-factor login with a TOTP code",
            "challenge by e-mail code, then login again",
            "login",
            "429 with Retry-After is waited out and retried",
            "feedback_required raises FeedbackRequired",
            "login_required raises LoginRequired",
        ], sandbox.BaseUrl, new
        {
            username, password = "pw", totp_user = totpUser, totp_secret = secret,
            challenge_user = challengeUser, challenge_email = $"{challengeUser}@example.com", media_id = await SeedPostAsync(sandbox),
        });
    }

    /// <summary>A public post to like; returns its media id ("{pk}_{owner pk}").</summary>
    internal static async Task<string> SeedPostAsync(SandboxFixture sandbox)
    {
        var ownerPk = 80_000_000 + Random.Shared.Next(10_000_000);
        var postPk = 95_000_000_000L + Random.Shared.Next(1_000_000_000);
        await sandbox.SeedProfileAsync(new SandboxProfile
        {
            Pk = ownerPk,
            Username = SandboxFixture.UniqueName("refp"),
            Posts = [new SandboxProfilePost(postPk, "RefPost" + postPk, "to like", 0, 0, [], DateTimeOffset.UtcNow)],
        });
        return $"{postPk}_{ownerPk}";
    }
}
