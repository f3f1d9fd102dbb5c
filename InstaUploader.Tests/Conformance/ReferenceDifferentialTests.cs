using InstaUploader.Instagram.Mobile;
using InstaUploader.Sandbox.State;
using InstaUploader.Tests.Instagram;
using InstaUploader.Tests.Instagram.Mobile;
using Xunit;

namespace InstaUploader.Tests.Conformance;

/// <summary>
/// Same action, same request: our <see cref="InstagramMobileClient"/> and the reference (instagrapi, unmodified)
/// each perform the product's mobile actions against the Sandbox, which records every request's shape. They must
/// agree on method, path, signed or not, the body's field names and the header names; every remaining
/// difference is listed in <see cref="Explained"/> with the reason it is kept.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class ReferenceDifferentialTests(SandboxFixture sandbox)
{
    private static readonly Dictionary<string, string> Explained = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/launcher/sync/: sent only by the reference"] = "its pre_login_flow; ours takes the password key from qe/sync instead",
        ["GET /api/v1/qe/sync/: sent only by our client"] = "fetches the password-encryption key (ig-set-password-encryption-*) before login",
        ["GET /api/v1/friendships/show/{}/: sent only by the reference"] = "its user_follow reads the friendship first; ours reads following from the create answer",
        ["POST /api/v1/qe/expose/: sent only by the reference"] = "telemetry after a Reel (clip.py expose()); the product does not send it",
        ["POST /api/v1/media/upload_finish/: sent only by our client"] = "the app finishes the video upload before configure; the reference skips it and Instagram accepts both",
        ["GET /rupload_igvideo/{}: header content-type only in the reference"] = "requests keeps the session's form Content-Type on the bodiless GET; a GET has no body to type",
    };

    /// <summary>Headers the reference fabricates from constants (instagrapi mixins/private.py:262-285); ours sends only what Instagram set.</summary>
    private static readonly string[] FabricatedByReference = ["x-ig-nav-chain", "ig-u-shbid", "ig-u-shbts", "ig-u-ig-direct-region-hint"];

    [Fact]
    public async Task Our_client_and_the_reference_send_the_same_requests_for_the_same_actions()
    {
        var ours = SandboxFixture.UniqueName("dfo");
        var theirs = SandboxFixture.UniqueName("dfr");
        var target = SandboxFixture.UniqueName("dft");
        await sandbox.RegisterAccountAsync(ours, "pw", email: $"{ours}@example.com");
        await sandbox.RegisterAccountAsync(theirs, "pw", email: $"{theirs}@example.com");
        var targetPk = await sandbox.RegisterAccountAsync(target, "pw");
        var mediaId = await ReferenceMediaConformanceTests.SeedPostAsync(sandbox);
        var video = await ReferenceMedia.VideoAsync();
        var image = await ReferenceMedia.JpegAsync();

        var client = MobileTestKit.Client(sandbox);
        var session = await client.LoginAsync(new MobileCredentials(ours, "pw"));
        await client.GetReelsTrayAsync(session);
        await client.GetTimelineAsync(session);
        await client.GetCurrentUserAsync(session);
        await client.GetProfileAsync(session, target);
        Assert.True(await client.FollowAsync(session, target));
        await client.LikeAsync(session, mediaId);
        await client.SetBiographyAsync(session, "same action, same request");
        await client.SetExternalUrlAsync(session, new Uri("https://example.com/same"));
        await client.ChangeAvatarAsync(session, image);
        await client.UploadClipAsync(session, new ClipUpload(video, "same action") { ThumbnailPath = image });

        var steps = await ReferenceClient.RunAsync("differential", sandbox.BaseUrl,
            new { username = theirs, password = "pw", target, target_pk = targetPk.ToString(), media_id = mediaId, image, video });
        Assert.All(steps, s => Assert.True(s.Ok, $"{s.Step}: {s.Detail}"));

        var ourRequests = await RecordedRequests.OfDeviceAsync(sandbox, session.Device.AndroidDeviceId);
        var referenceRequests = await RecordedRequests.OfDeviceAsync(sandbox, steps.Single(s => s.Step == "android_device_id").Detail);
        Assert.NotEmpty(ourRequests);
        Assert.NotEmpty(referenceRequests);
        Assert.All(ourRequests.Concat(referenceRequests), r => Assert.True(RecordedRequests.IsAppUserAgent(r.UserAgent), r.UserAgent));

        var unexplained = RecordedRequests.Differences(ourRequests, referenceRequests)
            .Where(d => !Explained.ContainsKey(d)
                        && !FabricatedByReference.Any(h => d.EndsWith($": header {h} only in the reference", StringComparison.Ordinal)))
            .ToList();
        Assert.True(unexplained.Count == 0, "Unexplained differences:\n" + string.Join("\n", unexplained));
    }

    [Fact]
    public void A_difference_outside_the_list_is_reported()
    {
        MobileRequestRecord Request(string body, params string[] headers) =>
            new(1, "POST", "/api/v1/media/1_2/like/", [], body, ["media_id"], headers, "android-1", "Instagram 1.0 Android");

        var differences = RecordedRequests.Differences([Request("form", "x-ig-app-id")], [Request("signed", "x-ig-app-id", "x-bloks-version-id")]);

        Assert.Equal(
        [
            "POST /api/v1/media/{}/like/: body form here, signed in the reference",
            "POST /api/v1/media/{}/like/: header x-bloks-version-id only in the reference",
        ], differences);
    }
}
