using InstaUploader.Instagram.Mail;
using InstaUploader.Instagram.Mobile;

namespace InstaUploader.Worker.Runners.Common;

/// <summary>
/// The "instagrapi" side of every runner: logs the account in through the mobile API (reusing its saved session;
/// TOTP for two-factor; the account's mailbox for an e-mail challenge) through the account's proxy, and saves the
/// session back on the account.
/// </summary>
public sealed class MobileAccountLogin(InstagramMobileClient client, IEmailCodeReader mail)
{
    public InstagramMobileClient Client => client;

    public async Task<MobileSession> LoginAsync(WorkAccount account, IWorkContext context, CancellationToken ct)
    {
        var saved = account.SavedSession();
        var previousLogin = saved?.LastLoginAt;
        await context.LogAsync(saved is { IsAuthenticated: true }
            ? $"Logging in {account} via the mobile API (checking the saved session)"
            : $"Logging in {account} via the mobile API", ct);
        var session = saved ?? MobileSession.Create();
        session.Proxy = account.Proxy;
        if (account.Proxy is { } proxy)
        {
            await context.LogAsync($"Mobile traffic of {account} goes through proxy {proxy}", ct);
        }

        session = await client.LoginAsync(account.MobileCredentials(), session, account.HasMailbox ? mail : null, ct);
        await SaveAsync(session, context, ct);
        await context.LogAsync(previousLogin is not null && session.LastLoginAt == previousLogin
            ? $"Saved session of {account} is still valid"
            : $"Logged in as {account}", ct);
        return session;
    }

    public static Task SaveAsync(MobileSession session, IWorkContext context, CancellationToken ct) =>
        context.SaveAccountStateAsync(session.ToJson(), null, null, ct);
}
