using InstaUploader.Instagram;
using InstaUploader.Instagram.Web;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>Sharing a reel when Instagram misbehaves: the page's error dialogs become typed exceptions.</summary>
public sealed class WebUploadFaultTests(WebSandboxFixture sandbox) : IClassFixture<WebSandboxFixture>
{
    [Fact]
    public async Task Rate_limited_share_throws_then_the_retry_succeeds_with_one_post()
    {
        var (username, session) = await sandbox.LoggedInAsync("ratelimit");
        await using var _ = session;
        await sandbox.SetFaultsAsync(username, new { rateLimit = 1, retryAfterSeconds = 7 });

        var e = await Assert.ThrowsAsync<RateLimitedException>(() =>
            sandbox.Web.UploadReelAsync(session.Page, sandbox.VideoPath, "first try"));
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        Assert.Empty(await sandbox.PostsAsync(username));

        await sandbox.Web.UploadReelAsync(session.Page, sandbox.VideoPath, "second try");
        var post = Assert.Single(await sandbox.PostsAsync(username));
        Assert.Equal("second try", post.GetProperty("caption").GetString());
    }

    [Fact]
    public async Task Feedback_required_share_throws_FeedbackRequiredException()
    {
        var (username, session) = await sandbox.LoggedInAsync("feedback");
        await using var _ = session;
        await sandbox.SetFaultsAsync(username, new { feedbackRequired = 1 });

        await Assert.ThrowsAsync<FeedbackRequiredException>(() =>
            sandbox.Web.UploadReelAsync(session.Page, sandbox.VideoPath, "blocked"));
        Assert.Empty(await sandbox.PostsAsync(username));
    }

    [Fact]
    public async Task Dropped_upload_throws_UploadFailedException_and_records_nothing()
    {
        var (username, session) = await sandbox.LoggedInAsync("dropped");
        await using var _ = session;
        await sandbox.SetFaultsAsync(username, new { dropUpload = 1 });

        await Assert.ThrowsAsync<UploadFailedException>(() =>
            sandbox.Web.UploadReelAsync(session.Page, sandbox.VideoPath, "lost"));
        Assert.Empty(await sandbox.PostsAsync(username));
    }

    [Fact]
    public async Task A_lost_publish_answer_throws_UploadFailedException_but_the_reel_is_posted_and_listed()
    {
        var (username, session) = await sandbox.LoggedInAsync("lostanswer");
        await using var _ = session;
        await sandbox.SetFaultsAsync(username, new { dropPublishAnswer = 1 });

        await Assert.ThrowsAsync<UploadFailedException>(() =>
            sandbox.Web.UploadReelAsync(session.Page, sandbox.VideoPath, "published anyway"));

        var post = Assert.Single(await sandbox.PostsAsync(username));
        var listed = Assert.Single(await sandbox.Services.GetRequiredService<WebUserFeed>().RecentPostsAsync(session.Page, username));
        Assert.Equal(post.GetProperty("code").GetString(), listed.Code);
        Assert.Equal("published anyway", listed.Caption);
    }

    [Fact]
    public async Task Upload_without_a_session_throws_LoginRequiredException()
    {
        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity("nobody"));
        await Assert.ThrowsAsync<LoginRequiredException>(() => sandbox.Web.UploadReelAsync(session.Page, sandbox.VideoPath, "x"));
    }
}
