using System.Text.Json;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Instagram.Web;

namespace InstaUploader.Worker.Runners.Common;

/// <summary>
/// The account block of a claimed item. Holds secrets (password, TOTP seed, mailbox password, session, cookies):
/// <see cref="ToString"/> shows only the username.
/// </summary>
public sealed class WorkAccount
{
    public required int Id { get; init; }
    public required string Username { get; init; }
    public required string Password { get; init; }
    public string? TotpSecret { get; init; }
    public string? Email { get; init; }
    public string? EmailPassword { get; init; }
    public string? DolphinProfileId { get; init; }
    public BrowserProxy? Proxy { get; init; }
    public string? SessionSettings { get; init; }
    public string? CookiesJson { get; init; }

    public bool HasMailbox => Email is not null && EmailPassword is not null;

    /// <summary>The account of <paramref name="work"/>; throws when the item carries none (a payload bug, not retryable).</summary>
    public static WorkAccount From(ClaimedWork work)
    {
        if (work.Account is not { } a || Text(a.Username) is not { } username)
        {
            throw new InvalidDataException($"Item {work.Id} ({work.Kind}) carries no account.");
        }

        return new WorkAccount
        {
            Id = a.Id,
            Username = username.TrimStart('@'),
            Password = Text(a.Password) ?? "",
            TotpSecret = Text(a.TfaSecret),
            Email = Text(a.EmailUsername),
            EmailPassword = Text(a.EmailPassword),
            DolphinProfileId = Text(a.DolphinProfileId),
            Proxy = a.Proxy is { } p ? ProxyFrom(p.Scheme, p.Host, p.Port, p.Username, p.Password) : null,
            SessionSettings = Text(a.SessionSettings),
            CookiesJson = Text(a.Cookies),
        };
    }

    public MobileCredentials MobileCredentials() => new(Username, Password, TotpSecret, Email, EmailPassword);

    public WebCredentials WebCredentials() => new(Username, Password, TotpSecret, Email, EmailPassword);

    /// <summary>The saved mobile session, or null when there is none or it cannot be read (then a fresh login runs).</summary>
    public MobileSession? SavedSession()
    {
        if (SessionSettings is null)
        {
            return null;
        }

        try
        {
            return MobileSession.FromJson(SessionSettings);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The saved browser cookies (as <see cref="SavedCookies.ToJson"/> wrote them), or none.</summary>
    public IReadOnlyList<WebCookie> SavedCookies() => Common.SavedCookies.Parse(CookiesJson);

    public BrowserIdentity BrowserIdentity() => new(Username, DolphinProfileId, Proxy, SavedCookies());

    public override string ToString() => "@" + Username;

    /// <summary>A claim's proxy block ({scheme, host, port, username, password}); null when incomplete.</summary>
    public static BrowserProxy? ProxyFrom(string? scheme, string? host, int port, string? username, string? password) =>
        Text(host) is { } h && port > 0 ? new BrowserProxy($"{Text(scheme) ?? "http"}://{h}:{port}", Text(username), Text(password)) : null;

    /// <summary>A text field as given, trimmed; blank is "not given" (as <see cref="PayloadJson.Str"/> reads it).</summary>
    internal static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
