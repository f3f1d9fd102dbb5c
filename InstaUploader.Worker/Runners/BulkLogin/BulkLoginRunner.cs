using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.BulkLogin;

/// <summary>
/// bulk_login: logs the account in and saves what the login produced — the mobile session ("instagrapi", the
/// default) or the browser cookies ("playwright", when options.upload_method asks for it).
/// </summary>
public sealed class BulkLoginRunner(MobileAccountLogin mobile, BrowserAccountLogin browser, RunGuard guard) : IWorkRunner
{
    public IReadOnlyCollection<string> Kinds { get; } = [TaskKinds.BulkLogin];

    public Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        var account = WorkAccount.From(work);
        var method = UploadMethods.Choose(work, null, UploadMethod.Instagrapi);
        return guard.RunAsync(work, context, account, async () =>
        {
            if (method == UploadMethod.Instagrapi)
            {
                await mobile.LoginAsync(account, context, ct);
                await context.LogAsync($"Mobile session of {account} saved", ct);
            }
            else
            {
                await using var session = await browser.OpenLoggedInAsync(account, context, ct);
                var cookies = await BrowserAccountLogin.SaveCookiesAsync(session, context, ct);
                await context.LogAsync($"{cookies} browser cookie(s) of {account} saved", ct);
            }

            await context.CountAsync("success", 1, ct);
            return WorkOutcome.Ok(new { method = method.Name() });
        });
    }
}
