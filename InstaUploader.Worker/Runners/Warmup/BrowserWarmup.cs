using InstaUploader.Instagram.Web;
using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.Warmup;

/// <summary>
/// warmup with the "playwright" method: in the account's browser, scrolls the home feed, likes some posts, watches
/// stories from the tray and follows some of the feed's authors from their profile pages. Counters as the mobile way.
/// </summary>
public sealed class BrowserWarmup(BrowserAccountLogin browsers, WebFeedActions feed, WebProfileActions profiles)
{
    public async Task<WorkOutcome> RunAsync(WorkAccount account, WarmupPlan plan, IWorkContext context, CancellationToken ct)
    {
        await using var browser = await browsers.OpenLoggedInAsync(account, context, ct);
        var page = browser.Page;

        var authors = await feed.ScrollFeedAsync(page, plan.FeedScrolls, ct);
        await context.LogAsync($"Scrolled the feed {plan.FeedScrolls} time(s): posts by {authors.Count} account(s)", ct);

        var liked = await feed.LikePostsAsync(page, plan.Likes, () => context.CountAsync("likes", 1, ct), ct);
        await context.LogAsync($"Liked {liked} post(s) (wanted {plan.Likes})", ct);

        var viewed = await feed.WatchStoriesAsync(page, plan.Stories, () => context.CountAsync("viewed", 1, ct), ct);
        await context.LogAsync($"Watched {viewed} story(ies) (wanted {plan.Stories})", ct);

        var followed = await plan.FollowSomeAsync(
            authors.Where(a => !a.Equals(account.Username, StringComparison.OrdinalIgnoreCase)),
            author => profiles.FollowAsync(page, author, ct), context, ct);

        await BrowserAccountLogin.SaveCookiesAsync(browser, context, ct);
        await context.LogAsync($"Warm-up of {account} done in the browser", ct);
        return WorkOutcome.Ok(new { scrolls = plan.FeedScrolls, likes = liked, viewed, follows = followed, method = UploadMethod.Playwright.Name() });
    }
}
