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
        var a = work.Account;
        if (a.ValueKind != JsonValueKind.Object || PayloadJson.Int(a, "id") is not { } id || PayloadJson.Str(a, "username") is not { } username)
        {
            throw new InvalidDataException($"Item {work.Id} ({work.Kind}) carries no account.");
        }

        return new WorkAccount
        {
            Id = id,
            Username = username.TrimStart('@'),
            Password = PayloadJson.Str(a, "password") ?? "",
            TotpSecret = PayloadJson.Str(a, "tfa_secret"),
            Email = PayloadJson.Str(a, "email_username"),
            EmailPassword = PayloadJson.Str(a, "email_password"),
            DolphinProfileId = PayloadJson.Str(a, "dolphin_profile_id"),
            Proxy = ProxyFrom(PayloadJson.Object(a, "proxy")),
            SessionSettings = PayloadJson.Str(a, "session_settings"),
            CookiesJson = PayloadJson.Str(a, "cookies"),
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

    /// <summary>A claim's proxy block ({scheme, host, port, username, password}); null when absent or incomplete.</summary>
    public static BrowserProxy? ProxyFrom(JsonElement p)
    {
        if (PayloadJson.Str(p, "host") is not { } host || PayloadJson.Int(p, "port") is not { } port)
        {
            return null;
        }

        var scheme = PayloadJson.Str(p, "scheme") ?? "http";
        return new BrowserProxy($"{scheme}://{host}:{port}", PayloadJson.Str(p, "username"), PayloadJson.Str(p, "password"));
    }
}
