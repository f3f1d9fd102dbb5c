using InstaUploader.Instagram;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Sandbox.State;
using Xunit;

namespace InstaUploader.Tests.Instagram.Mobile;

[Collection(SandboxCollection.Name)]
public sealed class MobileUploadTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Uploading_a_clip_records_exactly_one_post_with_caption_location_tags_and_the_video_bytes()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "up");
        var friend = SandboxFixture.UniqueName("tagged");
        var friendPk = await sandbox.RegisterAccountAsync(friend, "pw");
        var video = MobileTestKit.Video();

        var media = await client.UploadClipAsync(session, new ClipUpload(video, "Sunset run #travel")
        {
            Location = new MobileLocation("Lisbon, Portugal", Lat: 38.72, Lng: -9.14, ExternalId: "106339232734765"),
            Usertags = [new MobileUsertag(friendPk, 0.3, 0.6)],
        });

        var post = Assert.Single(await sandbox.PostsAsync(username));
        Assert.Equal(media.Pk, post.Pk);
        Assert.Equal(media.Code, post.Code);
        Assert.Equal("Sunset run #travel", post.Caption);
        Assert.Equal("Lisbon, Portugal", post.LocationName);
        Assert.Equal([friend], post.Usertags);
        Assert.Equal("mobile", post.Via);
        Assert.Equal(MobileTestKit.Sha256(video), post.MediaSha256);
        Assert.Equal(new FileInfo(video).Length, post.MediaBytes);
        Assert.Equal("Sunset run #travel", media.Caption);
        Assert.Equal("Lisbon, Portugal", media.LocationName);
        Assert.Equal("clips", media.ProductType);
        Assert.Equal(username, media.OwnerUsername);
    }

    [Fact]
    public async Task A_video_still_transcoding_is_configured_again_after_the_wait_and_never_uploaded_twice()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "transcode");
        var impatient = new InstagramMobileClient(
            new HttpClient(new MobileProxyRoutingHandler()),
            Microsoft.Extensions.Options.Options.Create(new InstaUploader.Instagram.InstagramOptions { ApiBaseUrl = sandbox.BaseUrl, TranscodePollAttempts = 1 }),
            TimeProvider.System);
        // Held by the Sandbox rather than by its one-second clock: a loaded machine can take longer than that to configure.
        await sandbox.SetFaultsAsync(username, new SandboxFaults { TranscodePending = 2 });

        await Assert.ThrowsAsync<TranscodePendingException>(() => impatient.UploadClipAsync(session, new ClipUpload(MobileTestKit.Video(), "too soon")));
        Assert.Empty(await sandbox.PostsAsync(username));

        await client.UploadClipAsync(session, new ClipUpload(MobileTestKit.Video(), "after the transcode"));

        Assert.Equal(0, sandbox.Store.Find(username)!.Faults.TranscodePending);
        Assert.Equal("after the transcode", Assert.Single(await sandbox.PostsAsync(username)).Caption);
        Assert.Equal(2, sandbox.Store.Mobile.Uploads.Values.Count(u => u.Kind == "video" && u.Username == username));
    }

    [Fact]
    public async Task Configuring_the_same_upload_id_twice_returns_the_same_media_and_one_post()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "idem");
        var video = MobileTestKit.Video(50_000);
        var info = new VideoInfo(1080, 1920, 7_000);
        var uploadId = client.NewUploadId();
        await client.UploadVideoAsync(session, video, uploadId, info);
        await client.UploadPhotoAsync(session, await File.ReadAllBytesAsync(MobileTestKit.Image()), uploadId);
        await client.FinishUploadAsync(session, uploadId, info);

        var first = await client.ConfigureClipAsync(session, uploadId, info, "once", null, null);
        var second = await client.ConfigureClipAsync(session, uploadId, info, "once", null, null);

        Assert.Equal(first.Pk, second.Pk);
        Assert.Single(await sandbox.PostsAsync(username));
    }

    [Fact]
    public async Task Configuring_an_upload_id_that_was_never_uploaded_fails()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "noup");

        var error = await Assert.ThrowsAsync<InstagramApiException>(() =>
            client.ConfigureClipAsync(session, "123456789", new VideoInfo(1080, 1920, 1000), "ghost", null, null));

        Assert.Equal("media_needs_reupload", error.ErrorType);
        Assert.Empty(await sandbox.PostsAsync(username));
    }

    [Fact]
    public async Task Rate_limit_carries_Retry_After_and_the_caller_succeeds_after_waiting_it()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "rl");
        await sandbox.SetFaultsAsync(username, new SandboxFaults { RateLimit = 2, RetryAfterSeconds = 1 });
        var video = MobileTestKit.Video(20_000);
        var waits = new List<TimeSpan?>();

        MobileMedia? media = null;
        for (var attempt = 0; media is null; attempt++)
        {
            try
            {
                media = await client.UploadClipAsync(session, new ClipUpload(video, "after the storm"));
            }
            catch (RateLimitedException e) when (attempt < 5)
            {
                waits.Add(e.RetryAfter);
                await Task.Delay(e.RetryAfter ?? TimeSpan.FromSeconds(1));
            }
        }

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], waits);
        Assert.Equal("after the storm", Assert.Single(await sandbox.PostsAsync(username)).Caption);
    }

    [Fact]
    public async Task Feedback_required_is_surfaced_and_nothing_is_posted()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "fb");
        await sandbox.SetFaultsAsync(username, new SandboxFaults { FeedbackRequired = 1 });

        var error = await Assert.ThrowsAsync<FeedbackRequiredException>(() =>
            client.UploadClipAsync(session, new ClipUpload(MobileTestKit.Video(10_000), "blocked")));

        Assert.Contains("Try Again Later", error.Message);
        Assert.Empty(await sandbox.PostsAsync(username));
    }

    [Fact]
    public async Task A_dropped_upload_fails_as_UploadFailed_and_a_retry_posts_once()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "drop");
        await sandbox.SetFaultsAsync(username, new SandboxFaults { DropUpload = 1 });
        var video = MobileTestKit.Video(2_000_000);

        await Assert.ThrowsAsync<UploadFailedException>(() => client.UploadClipAsync(session, new ClipUpload(video, "second try")));
        Assert.Empty(await sandbox.PostsAsync(username));

        await client.UploadClipAsync(session, new ClipUpload(video, "second try"));

        var post = Assert.Single(await sandbox.PostsAsync(username));
        Assert.Equal(MobileTestKit.Sha256(video), post.MediaSha256);
    }

    [Fact]
    public async Task Slow_faults_delay_the_answer_but_the_upload_succeeds()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "slow");
        await sandbox.SetFaultsAsync(username, new SandboxFaults { SlowMs = 150 });
        var started = TimeProvider.System.GetTimestamp();

        await client.UploadClipAsync(session, new ClipUpload(MobileTestKit.Video(10_000), "slowly"));

        // Video probe, video, cover, finish and configure each pass the gate.
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(5 * 150));
        Assert.Single(await sandbox.PostsAsync(username));
    }
}
