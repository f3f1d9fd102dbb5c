using InstaUploader.Instagram.Web;
using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.Bio;

/// <summary>
/// bio: sets the profile's external URL (options.external_url) and/or biography (options.biography). Through the
/// mobile API by default; with options.upload_method "playwright" the biography is set on instagram.com's profile
/// editor and the link still through the mobile API (the web cannot edit it).
/// </summary>
public sealed class BioRunner(MobileAccountLogin login, BrowserAccountLogin browsers, WebProfileActions web, RunGuard guard) : IWorkRunner
{
    public IReadOnlyCollection<string> Kinds { get; } = [TaskKinds.Bio];

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        var account = WorkAccount.From(work);
        var options = PayloadJson.Object(work.Payload, "options");
        var biography = PayloadJson.Str(options, "biography");
        var url = PayloadJson.Str(options, "external_url") is { } text && Uri.TryCreate(text, UriKind.Absolute, out var u) ? u : null;
        if (biography is null && url is null)
        {
            await context.LogAsync("Nothing to set: the task has neither options.external_url nor options.biography", ct);
            return WorkOutcome.Fail("The task has neither a valid external_url nor a biography.");
        }

        if (UploadMethods.ForAccountWork(work) == UploadMethod.Playwright)
        {
            return await RunOnTheWebAsync(work, context, account, biography, url, ct);
        }

        return await guard.RunAsync(work, context, account, async () =>
        {
            var session = await login.LoginAsync(account, context, ct);
            // A process frozen while another worker took the item over must not change the profile on thawing.
            await context.EnsureLeaseAsync(ct);
            if (biography is not null)
            {
                await login.Client.SetBiographyAsync(session, biography, ct);
                await context.LogAsync($"Biography of {account} set", ct);
            }

            if (url is not null)
            {
                await login.Client.SetExternalUrlAsync(session, url, ct);
                await context.LogAsync($"External URL of {account} set to {url}", ct);
            }

            await context.CountAsync("success", 1, ct);
            await MobileAccountLogin.SaveAsync(session, context, ct);
            return WorkOutcome.Ok(new { biography = biography is not null, external_url = url?.ToString() });
        });
    }

    /// <summary>
    /// The bio on instagram.com's profile editor. Its Website field is read-only ("Editing your links is only
    /// available on mobile"), so a link goes through the mobile API's update_bio_links, which needs the account's
    /// saved mobile session; without one the item fails before anything is changed.
    /// </summary>
    private async Task<WorkOutcome> RunOnTheWebAsync(
        ClaimedWork work, IWorkContext context, WorkAccount account, string? biography, Uri? url, CancellationToken ct)
    {
        if (url is not null && account.SavedSession() is not { IsAuthenticated: true })
        {
            await context.LogAsync($"{account} has no mobile session, and instagram.com does not let the website link be edited", ct);
            return WorkOutcome.Fail(
                "The website link can only be changed in the Instagram app: instagram.com shows it read-only (\"Editing your links is only " +
                "available on mobile\") and this account has no saved mobile session. Run the bio task with the instagrapi (mobile) " +
                "method, or log the account in through the mobile API once.");
        }

        return await guard.RunAsync(work, context, account, async () =>
        {
            if (biography is not null)
            {
                await using var browser = await browsers.OpenLoggedInAsync(account, context, ct);
                await context.EnsureLeaseAsync(ct);
                await web.SetBiographyAsync(browser.Page, biography, ct);
                await context.LogAsync($"Biography of {account} set on instagram.com", ct);
                await BrowserAccountLogin.SaveCookiesAsync(browser, context, ct);
            }

            if (url is not null)
            {
                var session = await login.LoginAsync(account, context, ct);
                await context.EnsureLeaseAsync(ct);
                await login.Client.SetExternalUrlAsync(session, url, ct);
                await context.LogAsync($"External URL of {account} set to {url} via the mobile API (read-only on instagram.com)", ct);
                await MobileAccountLogin.SaveAsync(session, context, ct);
            }

            await context.CountAsync("success", 1, ct);
            return WorkOutcome.Ok(new { biography = biography is not null, external_url = url?.ToString(), method = UploadMethod.Playwright.Name() });
        });
    }
}
