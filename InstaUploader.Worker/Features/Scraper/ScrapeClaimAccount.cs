using System.Text.Json;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Instagram.Web;
using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Features.Scraper;

/// <summary>The scraping account a scrape claim carries (secrets included: never log it).</summary>
internal sealed record ScrapeClaimAccount(
    string Username, string Password, string? TfaSecret, string? Email, string? EmailPassword, string? Session, BrowserProxy? Proxy)
{
    public MobileCredentials Credentials => new(Username, Password, TfaSecret, Email, EmailPassword);

    public static ScrapeClaimAccount? From(Contracts.Scrape.ScrapeClaimAccount? account) =>
        account is not null && Text(account.Username) is { } username && Text(account.Password) is { } password
            ? new ScrapeClaimAccount(username, password, Text(account.TfaSecret), Text(account.Email), Text(account.EmailPassword),
                Text(account.Session), account.Proxy is { } p ? WorkAccount.ProxyFrom(p.Scheme, p.Host, p.Port, p.Username, p.Password) : null)
            : null;

    private static string? Text(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>The stored session when it is still readable, else a fresh device; either way routed through the account's proxy.</summary>
    public MobileSession RestoreSession()
    {
        var session = Restore(Session) ?? MobileSession.Create();
        session.Proxy = Proxy;
        return session;
    }

    private static MobileSession? Restore(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return MobileSession.FromJson(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString() => $"ScrapeClaimAccount {{ Username = {Username} }}";
}
