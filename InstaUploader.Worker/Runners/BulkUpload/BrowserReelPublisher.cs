using InstaUploader.Instagram.Web;
using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.BulkUpload;

/// <summary>"playwright": reels through instagram.com's "New post" dialog in the account's browser.</summary>
public sealed class BrowserReelPublisher(BrowserAccountLogin login, WebUserFeed feed) : IReelPublisher
{
    public UploadMethod Method => UploadMethod.Playwright;

    public async Task<IReelChannel> OpenAsync(WorkAccount account, IWorkContext context, CancellationToken ct) =>
        new Channel(login.Web, feed, account.Username, await login.OpenLoggedInAsync(account, context, ct));

    private sealed class Channel(InstagramWebAutomation web, WebUserFeed feed, string username, BrowserSession browser) : IReelChannel
    {
        public async Task<string?> PublishAsync(PlannedReel reel, string videoPath, CancellationToken ct)
        {
            var result = await web.UploadReelAsync(browser.Page, videoPath, reel.Caption, reel.Location, ct);
            return result.Code ?? result.MediaPk;
        }

        /// <summary>Sharing in the browser is not idempotent: the account's own recent posts tell whether it went through.</summary>
        public async Task<string?> FindPublishedAsync(PlannedReel reel, DateTimeOffset since, CancellationToken ct) =>
            PublishedReel.Find(reel, await feed.RecentPostsAsync(browser.Page, username, ct: ct), since) is { } post
                ? post.Code ?? post.Pk
                : null;

        public Task SaveStateAsync(IWorkContext context, CancellationToken ct) => BrowserAccountLogin.SaveCookiesAsync(browser, context, ct);

        public ValueTask DisposeAsync() => browser.DisposeAsync();
    }
}
