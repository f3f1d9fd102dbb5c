using InstaUploader.Instagram.Mobile;
using Xunit;

namespace InstaUploader.Tests.Instagram.Mobile;

[Collection(SandboxCollection.Name)]
public sealed class MobileAccountActionTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Avatar_change_stores_the_uploaded_image()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "ava");
        var image = MobileTestKit.Image();

        await client.ChangeAvatarAsync(session, image);

        var account = await sandbox.AccountAsync(username);
        Assert.Equal(MobileTestKit.Sha256(image), account.GetProperty("avatarSha256").GetString());
        Assert.Single(await sandbox.ActionsAsync(username, "avatar"));
    }

    [Fact]
    public async Task Biography_and_external_url_are_set_and_recorded()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "bio");

        await client.SetBiographyAsync(session, "Travel | Food | Reels");
        var me = await client.SetExternalUrlAsync(session, new Uri("https://example.com/links"));

        Assert.Equal("https://example.com/links", me.ExternalUrl);
        var account = await sandbox.AccountAsync(username);
        Assert.Equal("Travel | Food | Reels", account.GetProperty("biography").GetString());
        Assert.Equal("https://example.com/links", account.GetProperty("externalUrl").GetString());
        Assert.Equal(2, (await sandbox.ActionsAsync(username, "bio")).Count);
    }

    [Fact]
    public async Task Follow_by_username_follows_once()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "fol");
        var target = SandboxFixture.UniqueName("star");
        await sandbox.RegisterAccountAsync(target, "pw");

        Assert.True(await client.FollowAsync(session, target));
        Assert.True(await client.FollowAsync(session, target));

        var follow = Assert.Single(await sandbox.ActionsAsync(username, "follow"));
        Assert.Equal(target, follow.Target);
        Assert.Equal(1, (await sandbox.AccountAsync(username)).GetProperty("following").GetInt32());
        Assert.Equal(1, (await client.GetProfileAsync(session, target)).FollowerCount);
    }

    [Fact]
    public async Task Warmup_reads_the_timeline_likes_a_post_and_watches_stories()
    {
        var (author, authorSession, authorName, _) = await MobileTestKit.LoggedInAsync(sandbox, "auth");
        var posted = await author.UploadClipAsync(authorSession, new ClipUpload(MobileTestKit.Video(10_000), "warm me up"));
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "warm");
        await client.FollowAsync(session, authorName);

        var timeline = await client.GetTimelineAsync(session);
        var item = Assert.Single(timeline, m => m.Pk == posted.Pk);
        await client.LikeAsync(session, item.Id);
        var tray = await client.GetReelsTrayAsync(session);
        var reel = Assert.Single(tray);
        await client.MarkStoriesSeenAsync(session, reel.Items);

        Assert.Equal(authorName, reel.Username);
        Assert.Single(await sandbox.ActionsAsync(username, "feed_view"));
        Assert.Equal(posted.Id, Assert.Single(await sandbox.ActionsAsync(username, "like")).Target);
        Assert.Equal(reel.Items.Count, (await sandbox.ActionsAsync(username, "story_seen")).Count);
        Assert.Equal(1, (await client.GetRecentPostsAsync(session, posted.OwnerPk)).Single().LikeCount);
    }

    [Fact]
    public async Task Liking_unknown_media_fails()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "nolike");

        await Assert.ThrowsAsync<InstagramApiException>(() => client.LikeAsync(session, "999999999999_1"));
        Assert.Empty(await sandbox.ActionsAsync(username, "like"));
    }
}
