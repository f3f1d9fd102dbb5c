using InstaUploader.Instagram;
using InstaUploader.Instagram.Web;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>Reading an account's recent posts through the web app's user feed, from inside its logged-in page.</summary>
public sealed class WebUserFeedTests(WebSandboxFixture sandbox) : IClassFixture<WebSandboxFixture>
{
    private WebUserFeed Feed => sandbox.Services.GetRequiredService<WebUserFeed>();

    [Fact]
    public async Task Lists_the_accounts_reels_newest_first_with_their_captions()
    {
        var (username, session) = await sandbox.LoggedInAsync("ownposts");
        await using var _ = session;
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);
        await sandbox.Web.UploadReelAsync(session.Page, sandbox.VideoPath, "first reel");
        await sandbox.Web.UploadReelAsync(session.Page, sandbox.VideoPath, "second reel #two");

        var posts = await Feed.RecentPostsAsync(session.Page, username);

        Assert.Equal(["second reel #two", "first reel"], posts.Select(p => p.Caption));
        var recorded = await sandbox.PostsAsync(username);
        Assert.Equal(recorded.Select(p => p.GetProperty("code").GetString()).Order(), posts.Select(p => p.Code).Order());
        Assert.All(posts, p => Assert.Equal("clips", p.ProductType));
        Assert.All(posts, p => Assert.InRange(p.TakenAt, before, DateTimeOffset.UtcNow.AddSeconds(5)));

        var newest = Assert.Single(await Feed.RecentPostsAsync(session.Page, username, count: 1));
        Assert.Equal("second reel #two", newest.Caption);
    }

    [Fact]
    public async Task An_account_without_posts_has_an_empty_list()
    {
        var (username, session) = await sandbox.LoggedInAsync("noposts");
        await using var _ = session;

        Assert.Empty(await Feed.RecentPostsAsync(session.Page, username));
    }

    [Fact]
    public async Task Reading_without_a_session_throws_LoginRequiredException()
    {
        var username = WebSandboxFixture.Unique("someone");
        await sandbox.RegisterAccountAsync(username, "pw-someone");
        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity("anonymous"));

        await Assert.ThrowsAsync<LoginRequiredException>(() => Feed.RecentPostsAsync(session.Page, username));
    }
}
