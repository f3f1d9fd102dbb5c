using InstaUploader.Instagram.Web;
using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.Bio;

/// <summary>
/// bio: sets the profile's external URL (options.external_url) and/or biography (options.biography). Through the
/// mobile API by default, on instagram.com's profile editor when options.upload_method is "playwright".
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
            return await guard.RunAsync(work, context, account, async () =>
            {
                await using var browser = await browsers.OpenLoggedInAsync(account, context, ct);
                await web.EditProfileAsync(browser.Page, biography, url, ct);
                await context.LogAsync(string.Join("; ", new[]
                {
                    biography is null ? null : $"Biography of {account} set",
                    url is null ? null : $"External URL of {account} set to {url}",
                }.OfType<string>()) + " on instagram.com", ct);
                await context.CountAsync("success", 1, ct);
                await BrowserAccountLogin.SaveCookiesAsync(browser, context, ct);
                return WorkOutcome.Ok(new { biography = biography is not null, external_url = url?.ToString(), method = UploadMethod.Playwright.Name() });
            });
        }

        return await guard.RunAsync(work, context, account, async () =>
        {
            var session = await login.LoginAsync(account, context, ct);
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
}
