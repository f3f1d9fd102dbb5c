using System.Text.RegularExpressions;
using InstaUploader.Instagram.Web.Selectors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace InstaUploader.Instagram.Web;

/// <summary>
/// Warm-up on instagram.com: scroll the home feed, like some of its posts, watch stories from the tray. Each method
/// works on the page it is given (logged in), paced by <see cref="HumanPacer"/>; refusals throw the shared exceptions.
/// </summary>
public sealed partial class WebFeedActions(IOptions<InstagramOptions> options, HumanPacer pacer, ILogger<WebFeedActions> logger)
{
    private static readonly WebSelectors Texts = WebSelectors.English;
    private const string SeenPath = "/stories/reel/seen";

    /// <summary>Opens the home feed and scrolls it <paramref name="scrolls"/> times; returns the authors of the posts seen.</summary>
    public async Task<IReadOnlyList<string>> ScrollFeedAsync(IPage page, int scrolls, CancellationToken ct = default)
    {
        await WebActionCall.GotoAsync(page, options.Value.WebBaseUrl, "");
        for (var i = 0; i < scrolls; i++)
        {
            await pacer.PauseAsync(ct);
            await page.Mouse.WheelAsync(0, Random.Shared.Next(600, 1400));
        }

        var authors = await page.GetByRole(AriaRole.Article).Locator("header").GetByRole(AriaRole.Link).AllInnerTextsAsync();
        var distinct = authors.Select(a => a.Trim().TrimStart('@')).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        logger.LogDebug("Feed scrolled {Scrolls} time(s): {Posts} post(s) by {Authors} author(s)", scrolls, authors.Count, distinct.Count);
        return distinct;
    }

    /// <summary>
    /// Likes up to <paramref name="count"/> posts of the feed on the page, chosen at random among those not liked
    /// yet; returns how many were liked. Call <see cref="ScrollFeedAsync"/> first. <paramref name="afterEach"/> runs
    /// after every like, so progress is reported even when a later one is refused.
    /// </summary>
    public async Task<int> LikePostsAsync(IPage page, int count, Func<Task>? afterEach = null, CancellationToken ct = default)
    {
        var articles = page.GetByRole(AriaRole.Article);
        var order = Enumerable.Range(0, await articles.CountAsync()).OrderBy(_ => Random.Shared.Next()).ToList();
        var liked = 0;
        foreach (var index in order)
        {
            if (liked >= count)
            {
                break;
            }

            ct.ThrowIfCancellationRequested();
            var article = articles.Nth(index);
            var like = article.GetByRole(AriaRole.Button, new() { Name = Texts.Feed.Like, Exact = true });
            if (await like.CountAsync() == 0)
            {
                continue; // already liked
            }

            await like.ScrollIntoViewIfNeededAsync();
            await pacer.PauseAsync(ct);
            await WebActionCall.RunGraphQlAsync(page, "the like", Texts.GraphQl.Like, () => like.ClickAsync());
            await article.GetByRole(AriaRole.Button, new() { Name = Texts.Feed.Unlike, Exact = true }).WaitForAsync();
            liked++;
            if (afterEach is not null)
            {
                await afterEach();
            }
        }

        return liked;
    }

    /// <summary>
    /// Opens the first story of the tray and watches up to <paramref name="count"/> stories; returns how many were
    /// seen. <paramref name="afterEach"/> runs after every story marked seen.
    /// </summary>
    public async Task<int> WatchStoriesAsync(IPage page, int count, Func<Task>? afterEach = null, CancellationToken ct = default)
    {
        if (count <= 0)
        {
            return 0;
        }

        await WebActionCall.GotoAsync(page, options.Value.WebBaseUrl, "");
        var tray = page.GetByRole(AriaRole.Button, new() { NameRegex = StoryLabel() });
        if (await tray.CountAsync() == 0)
        {
            return 0;
        }

        await pacer.PauseAsync(ct);
        await WebActionCall.RunAsync(page, "watching a story", SeenPath, () => tray.First.ClickAsync());
        var seen = 1;
        if (afterEach is not null)
        {
            await afterEach();
        }

        var viewer = page.GetByRole(AriaRole.Dialog, new() { Name = "Stories" });
        var next = viewer.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true });
        while (seen < count && await next.IsVisibleAsync())
        {
            await pacer.PauseAsync(ct);
            await WebActionCall.RunAsync(page, "watching a story", SeenPath, () => next.ClickAsync());
            seen++;
            if (afterEach is not null)
            {
                await afterEach();
            }
        }

        await pacer.PauseAsync(ct);
        var close = viewer.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true });
        if (await close.IsVisibleAsync())
        {
            await close.ClickAsync();
        }

        return seen;
    }

    [GeneratedRegex("^Story by ")]
    private static partial Regex StoryLabel();
}
