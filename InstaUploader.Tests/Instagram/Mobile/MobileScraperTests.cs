using InstaUploader.Instagram.Mobile;
using InstaUploader.Sandbox.State;
using Xunit;

namespace InstaUploader.Tests.Instagram.Mobile;

[Collection(SandboxCollection.Name)]
public sealed class MobileScraperTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task Profile_and_recent_posts_of_a_seeded_profile_are_read_newest_first_across_pages()
    {
        var (client, session, _, _) = await MobileTestKit.LoggedInAsync(sandbox, "scr");
        var name = SandboxFixture.UniqueName("creator");
        var now = DateTimeOffset.UtcNow;
        await sandbox.SeedProfileAsync(new SandboxProfile
        {
            Pk = 7_000_000 + Random.Shared.Next(1_000_000),
            Username = name,
            FullName = "The Creator",
            Biography = "I make reels",
            FollowerCount = 12_345,
            FollowingCount = 67,
            Posts = [.. Enumerable.Range(1, 40).Select(i =>
                new SandboxProfilePost(9_000_000 + i, $"C{i}", $"post {i}", i * 10, i, ["food"], now.AddHours(-i)))],
        });

        var profile = await client.GetProfileAsync(session, name);
        var posts = await client.GetRecentPostsAsync(session, profile.Pk, amount: 35);

        Assert.Equal(("The Creator", "I make reels", 12_345L, 67L, 40L),
            (profile.FullName, profile.Biography, profile.FollowerCount, profile.FollowingCount, profile.MediaCount));
        Assert.Equal(35, posts.Count);
        Assert.Equal("post 1", posts[0].Caption);
        Assert.Equal("post 35", posts[^1].Caption);
        Assert.Equal(10, posts[0].LikeCount);
    }

    [Fact]
    public async Task Hashtag_feed_finds_seeded_posts_and_uploaded_captions()
    {
        var (client, session, username, _) = await MobileTestKit.LoggedInAsync(sandbox, "tag");
        var tag = "t" + Guid.NewGuid().ToString("N")[..10];
        await sandbox.SeedProfileAsync(new SandboxProfile
        {
            Pk = 8_000_000 + Random.Shared.Next(1_000_000),
            Username = SandboxFixture.UniqueName("tagger"),
            Posts = [new SandboxProfilePost(8_500_000 + Random.Shared.Next(100_000), "TAG1", "seeded", 500, 3, [tag], DateTimeOffset.UtcNow)],
        });
        await client.UploadClipAsync(session, new ClipUpload(MobileTestKit.Video(5_000), $"fresh #{tag}"));

        var media = await client.HashtagFeedAsync(session, "#" + tag);

        Assert.Equal(2, media.Count);
        Assert.Equal("seeded", media[0].Caption);
        Assert.Contains(media, m => m.OwnerUsername == username && m.Caption == $"fresh #{tag}");
        Assert.Empty(await client.HashtagFeedAsync(session, tag + "nothing"));
    }

    [Fact]
    public async Task Registered_accounts_are_resolvable_and_unknown_users_are_not_found()
    {
        var (client, session, _, _) = await MobileTestKit.LoggedInAsync(sandbox, "look");
        var other = SandboxFixture.UniqueName("acct");
        var pk = await sandbox.RegisterAccountAsync(other, "pw");

        Assert.Equal(pk, (await client.GetProfileAsync(session, other)).Pk);
        await Assert.ThrowsAsync<UserNotFoundException>(() => client.GetProfileAsync(session, other + "zz"));
    }
}
