using InstaUploader.Instagram.Web;
using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.Avatar;

/// <summary>
/// avatar: sets the profile picture to one of options.image_ids — the item's position picks which
/// (image_ids[position % n]), so the accounts of a task spread over the images; the first when no position is known.
/// Through the mobile API by default, on instagram.com's profile editor when options.upload_method is "playwright".
/// </summary>
public sealed class AvatarRunner(MobileAccountLogin login, BrowserAccountLogin browsers, WebProfileActions web, RunGuard guard) : IWorkRunner
{
    public IReadOnlyCollection<string> Kinds { get; } = [TaskKinds.Avatar];

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        var account = WorkAccount.From(work);
        var images = PayloadJson.Ints(PayloadJson.Object(work.Payload, "options"), "image_ids");
        if (images.Count == 0)
        {
            await context.LogAsync("The task has no images (options.image_ids)", ct);
            return WorkOutcome.Fail("The task has no images (options.image_ids).");
        }

        var position = work.Position;
        var imageId = images[Math.Abs(position % images.Count)];
        var method = UploadMethods.ForAccountWork(work);
        return await guard.RunAsync(work, context, account, async () =>
        {
            var path = await context.DownloadMediaAsync(imageId, ct);
            if (method == UploadMethod.Playwright)
            {
                await using var browser = await browsers.OpenLoggedInAsync(account, context, ct);
                await context.EnsureLeaseAsync(ct);
                await web.SetProfilePictureAsync(browser.Page, path, ct);
                await context.CountAsync("success", 1, ct);
                await BrowserAccountLogin.SaveCookiesAsync(browser, context, ct);
                await context.LogAsync($"Profile picture of {account} set to image {imageId} in the browser", ct);
                return WorkOutcome.Ok(new { image_id = imageId, method = method.Name() });
            }

            var session = await login.LoginAsync(account, context, ct);
            // A process frozen while another worker took the item over must not change the profile on thawing.
            await context.EnsureLeaseAsync(ct);
            await login.Client.ChangeAvatarAsync(session, path, ct);
            await context.CountAsync("success", 1, ct);
            await MobileAccountLogin.SaveAsync(session, context, ct);
            await context.LogAsync($"Profile picture of {account} set to image {imageId}", ct);
            return WorkOutcome.Ok(new { image_id = imageId });
        });
    }
}
