using InstaUploader.Instagram.Web;
using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.BulkUpload;

/// <summary>"playwright": reels through instagram.com's "New post" dialog in the account's browser.</summary>
public sealed class BrowserReelPublisher(BrowserAccountLogin login) : IReelPublisher
{
    public UploadMethod Method => UploadMethod.Playwright;

    public async Task<IReelChannel> OpenAsync(WorkAccount account, IWorkContext context, CancellationToken ct) =>
        new Channel(login.Web, await login.OpenLoggedInAsync(account, context, ct));

    private sealed class Channel(InstagramWebAutomation web, BrowserSession browser) : IReelChannel
    {
        public async Task<string?> PublishAsync(PlannedReel reel, string videoPath, CancellationToken ct)
        {
            var result = await web.UploadReelAsync(browser.Page, videoPath, reel.Caption, reel.Location, ct);
            return result.Code ?? result.MediaPk;
        }

        public Task SaveStateAsync(IWorkContext context, CancellationToken ct) => BrowserAccountLogin.SaveCookiesAsync(browser, context, ct);

        public ValueTask DisposeAsync() => browser.DisposeAsync();
    }
}
