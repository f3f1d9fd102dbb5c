using InstaUploader.Instagram.Web;

namespace InstaUploader.Worker.Runners.Common;

/// <summary>
/// The "playwright" side of every runner: opens the account's browser (its Dolphin Anty profile over CDP, else a
/// Chromium context with its proxy and saved cookies), logs in on instagram.com and saves the cookies back.
/// </summary>
public sealed class BrowserAccountLogin(BrowserSessionFactory browsers, InstagramWebAutomation web)
{
    public InstagramWebAutomation Web => web;

    /// <summary>The account's browser, not yet logged in. Dispose it: that closes the context or stops the Dolphin profile.</summary>
    public async Task<BrowserSession> OpenAsync(WorkAccount account, IWorkContext context, CancellationToken ct)
    {
        await context.LogAsync(account.DolphinProfileId is { } profile
            ? $"Starting Dolphin Anty profile {profile} for {account}"
            : $"Opening a Chromium browser for {account}" + (account.Proxy is { } p ? $" via proxy {p.Server}" : ""), ct);
        return await browsers.OpenAsync(account.BrowserIdentity(), ct);
    }

    /// <summary>Opens the browser and logs in; on failure the browser is closed before the error propagates.</summary>
    public async Task<BrowserSession> OpenLoggedInAsync(WorkAccount account, IWorkContext context, CancellationToken ct)
    {
        var session = await OpenAsync(account, context, ct);
        try
        {
            await context.LogAsync($"Logging in {account} on instagram.com", ct);
            var outcome = await web.LoginAsync(session.Page, account.WebCredentials(), ct);
            await context.LogAsync(outcome switch
            {
                WebLoginOutcome.AlreadyLoggedIn => $"Saved cookies of {account} are still logged in",
                WebLoginOutcome.LoggedInWithTwoFactor => $"Logged in as {account} (two-factor code from TOTP)",
                WebLoginOutcome.LoggedInAfterChallenge => $"Logged in as {account} (e-mail security code)",
                _ => $"Logged in as {account}",
            }, ct);
            await SaveCookiesAsync(session, context, ct);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public static async Task<int> SaveCookiesAsync(BrowserSession session, IWorkContext context, CancellationToken ct)
    {
        var cookies = await session.GetCookiesAsync();
        await context.SaveAccountStateAsync(null, SavedCookies.ToJson(cookies), cookies.Count, ct);
        return cookies.Count;
    }
}
