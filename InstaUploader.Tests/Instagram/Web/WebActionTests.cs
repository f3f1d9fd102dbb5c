using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using InstaUploader.Instagram;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Instagram.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>Feed and profile actions through the Sandbox's instagram.com pages, recorded where the mobile API records them.</summary>
public sealed class WebActionTests(WebSandboxFixture sandbox) : IClassFixture<WebSandboxFixture>
{
    private WebFeedActions Feed => sandbox.Services.GetRequiredService<WebFeedActions>();
    private WebProfileActions Profile => sandbox.Services.GetRequiredService<WebProfileActions>();

    [Fact]
    public async Task Scrolls_the_feed_and_likes_posts_once_each()
    {
        var author = await AddProfileAsync("author", posts: 4);
        var (username, session) = await sandbox.LoggedInAsync("liker");
        await using var _ = session;

        var authors = await Feed.ScrollFeedAsync(session.Page, scrolls: 2);
        Assert.Contains(author, authors);
        Assert.Equal(3, await Feed.LikePostsAsync(session.Page, 3));

        var likes = await ActionsAsync("like", username);
        Assert.Equal(3, likes.Count);
        Assert.Equal(3, likes.Select(l => l.GetProperty("target").GetString()).Distinct().Count());
        Assert.NotEmpty(await ActionsAsync("feed_view", username));

        await Feed.ScrollFeedAsync(session.Page, scrolls: 0);
        Assert.Equal(3, await session.Page.GetByRole(AriaRole.Button, new() { Name = "Unlike", Exact = true }).CountAsync());
    }

    [Fact]
    public async Task Likes_and_follows_go_out_as_GraphQL_mutations_and_the_retired_web_paths_are_gone()
    {
        var author = await AddProfileAsync("gql", posts: 1);
        var (_, session) = await sandbox.LoggedInAsync("gqlfan");
        await using var _ = session;
        var posts = new List<IRequest>();
        session.Page.Request += (_, r) => { if (r.Method == "POST") { posts.Add(r); } };

        await Feed.ScrollFeedAsync(session.Page, scrolls: 0);
        Assert.Equal(1, await Feed.LikePostsAsync(session.Page, 1));
        Assert.True(await Profile.FollowAsync(session.Page, author));

        var mutations = posts.Where(r => new Uri(r.Url).AbsolutePath == "/graphql/query")
            .Select(r => WebActionCall.FormValue(r.PostData!, "fb_api_req_friendly_name")).ToList();
        Assert.Equal(["usePolarisLikeMediaLikeMutation", "usePolarisFollowMutation"], mutations);
        Assert.DoesNotContain(posts, r => r.Url.Contains("/web/likes/", StringComparison.Ordinal) || r.Url.Contains("/friendships/", StringComparison.Ordinal));
        using var retired = await sandbox.Http.PostAsync("api/v1/web/likes/1/like/", null);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, retired.StatusCode);
    }

    [Fact]
    public async Task Watches_stories_from_the_tray()
    {
        await AddProfileAsync("storyteller", posts: 1);
        await AddProfileAsync("storyteller", posts: 1);
        var (username, session) = await sandbox.LoggedInAsync("watcher");
        await using var _ = session;

        Assert.Equal(2, await Feed.WatchStoriesAsync(session.Page, 2));

        var seen = await ActionsAsync("story_seen", username);
        Assert.Equal(2, seen.Count);
        Assert.All(seen, s => Assert.Matches(@"^\d+_\d+_\d+$", s.GetProperty("target").GetString()!));
    }

    [Fact]
    public async Task Follows_a_user_from_the_profile_page_once()
    {
        var target = await AddProfileAsync("target", posts: 2);
        var (username, session) = await sandbox.LoggedInAsync("follower");
        await using var _ = session;

        Assert.True(await Profile.FollowAsync(session.Page, "@" + target));
        Assert.False(await Profile.FollowAsync(session.Page, target));

        var follow = Assert.Single(await ActionsAsync("follow", username));
        Assert.Equal(target, follow.GetProperty("target").GetString());
        Assert.Equal(1, (await AccountAsync(username)).GetProperty("following").GetInt32());
    }

    [Fact]
    public async Task Following_an_unknown_user_throws_UserNotFoundException()
    {
        var (_, session) = await sandbox.LoggedInAsync("lost");
        await using var _ = session;

        await Assert.ThrowsAsync<UserNotFoundException>(() => Profile.FollowAsync(session.Page, "no_such_user_" + Guid.NewGuid().ToString("N")[..8]));
    }

    [Fact]
    public async Task Sets_the_bio_on_the_profile_editor_and_leaves_the_read_only_website_alone()
    {
        var (username, session) = await sandbox.LoggedInAsync("bio");
        await using var _ = session;
        await Profile.SetBiographyAsync(session.Page, "Coffee & reels");

        var account = await AccountAsync(username);
        Assert.Equal("Coffee & reels", account.GetProperty("biography").GetString());
        Assert.Equal(JsonValueKind.Null, account.GetProperty("externalUrl").ValueKind);
        Assert.Single(await ActionsAsync("bio", username));
        Assert.True(await session.Page.GetByLabel("Website", new() { Exact = true }).IsDisabledAsync());
        Assert.True(await session.Page.GetByText("Editing your links is only available on mobile.").IsVisibleAsync());
    }

    [Fact]
    public async Task The_profile_editor_refuses_a_changed_website_from_the_web()
    {
        var (username, session) = await sandbox.LoggedInAsync("link");
        await using var _ = session;

        var csrf = (await session.Context.CookiesAsync()).Single(c => c.Name == "csrftoken").Value;
        var response = await session.Context.APIRequest.PostAsync(new Uri(sandbox.BaseUrl, "api/v1/web/accounts/edit/").ToString(), new()
        {
            Headers = new Dictionary<string, string> { ["X-CSRFToken"] = csrf },
            Form = FormOf(session.Context.APIRequest, ("biography", "new bio"), ("external_url", "https://example.com/sneaky"), ("first_name", "")),
        });

        Assert.Equal(400, response.Status);
        Assert.Contains("only available on mobile", await response.TextAsync());
        var account = await AccountAsync(username);
        Assert.Equal(JsonValueKind.Null, account.GetProperty("externalUrl").ValueKind);
        Assert.Equal("", account.GetProperty("biography").GetString());
    }

    [Fact]
    public async Task Sets_the_profile_picture_through_the_file_chooser()
    {
        var (username, session) = await sandbox.LoggedInAsync("avatar");
        await using var _ = session;
        var image = Path.Combine(Path.GetTempPath(), $"media-{Guid.NewGuid():N}.bin"); // as the worker's media cache names files
        var bytes = new byte[4096];
        RandomNumberGenerator.Fill(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        await File.WriteAllBytesAsync(image, bytes);
        try
        {
            await Profile.SetProfilePictureAsync(session.Page, image);
        }
        finally
        {
            File.Delete(image);
        }

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), (await AccountAsync(username)).GetProperty("avatarSha256").GetString());
        Assert.Single(await ActionsAsync("avatar", username));
    }

    [Fact]
    public async Task Rate_limited_like_throws_with_Retry_After_and_records_nothing()
    {
        await AddProfileAsync("author", posts: 1);
        var (username, session) = await sandbox.LoggedInAsync("throttled");
        await using var _ = session;
        await sandbox.SetFaultsAsync(username, new { rateLimit = 1, retryAfterSeconds = 7 });

        await Feed.ScrollFeedAsync(session.Page, 1);
        var e = await Assert.ThrowsAsync<RateLimitedException>(() => Feed.LikePostsAsync(session.Page, 1));
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        Assert.Empty(await ActionsAsync("like", username));

        Assert.Equal(1, await Feed.LikePostsAsync(session.Page, 1));
        Assert.Single(await ActionsAsync("like", username));
    }

    [Fact]
    public async Task Feedback_required_on_follow_and_on_profile_edit_throws_and_changes_nothing()
    {
        var target = await AddProfileAsync("target", posts: 1);
        var (username, session) = await sandbox.LoggedInAsync("blocked");
        await using var _ = session;
        await sandbox.SetFaultsAsync(username, new { feedbackRequired = 2 });

        await Assert.ThrowsAsync<FeedbackRequiredException>(() => Profile.FollowAsync(session.Page, target));
        await Assert.ThrowsAsync<FeedbackRequiredException>(() => Profile.SetBiographyAsync(session.Page, "blocked bio"));

        var account = await AccountAsync(username);
        Assert.Equal(0, account.GetProperty("following").GetInt32());
        Assert.Equal("", account.GetProperty("biography").GetString());
        Assert.Empty(await ActionsAsync("follow", username));
    }

    [Fact]
    public async Task Actions_without_a_session_throw_LoginRequiredException()
    {
        await using var session = await sandbox.Browsers.OpenAsync(new BrowserIdentity("nobody"));
        await Assert.ThrowsAsync<LoginRequiredException>(() => Profile.SetBiographyAsync(session.Page, "x"));
        await Assert.ThrowsAsync<LoginRequiredException>(() => Feed.ScrollFeedAsync(session.Page, 1));
    }

    private async Task<string> AddProfileAsync(string prefix, int posts)
    {
        var username = WebSandboxFixture.Unique(prefix);
        await EndToEnd.SandboxControl.AddProfileAsync(sandbox.Http, username, posts);
        return username;
    }

    private static IFormData FormOf(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    private async Task<IReadOnlyList<JsonElement>> ActionsAsync(string kind, string username) =>
        await sandbox.Http.GetFromJsonAsync<List<JsonElement>>($"sandbox/api/actions?kind={kind}&username={username}") ?? [];

    private async Task<JsonElement> AccountAsync(string username) =>
        await sandbox.Http.GetFromJsonAsync<JsonElement>($"sandbox/api/accounts/{username}");
}
