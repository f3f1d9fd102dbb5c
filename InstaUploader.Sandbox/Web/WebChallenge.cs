using InstaUploader.Sandbox.Mail;
using System.Globalization;
using System.Security.Cryptography;
using InstaUploader.Sandbox.State;
using InstaUploader.Sandbox.Web.Html;

namespace InstaUploader.Sandbox.Web;

/// <summary>The e-mail checkpoint: "Send security code" mails a 6-digit code, entering it completes the login.</summary>
internal static class WebChallenge
{
    public static IEndpointRouteBuilder MapWebChallenge(this IEndpointRouteBuilder app)
    {
        var challenge = app.MapGroup("/challenge/{pk}/{token}").DisableAntiforgery();

        challenge.MapGet("/", (string token, HttpContext http, SandboxStore store) =>
        {
            WebSession.EnsureCsrf(http);
            return Pending(token, store) is { } account
                ? account.PendingChallengeCode is null ? ChallengePage.ChooseMethod(Mask(account.Email)) : ChallengePage.EnterCode(Mask(account.Email), null)
                : ChallengePage.Expired();
        });

        challenge.MapPost("/", async (string token, HttpContext http, SandboxStore store, TimeProvider time, CancellationToken ct) =>
        {
            if (Pending(token, store) is not { } account)
            {
                return ChallengePage.Expired();
            }

            var form = await http.Request.ReadFormAsync(ct);
            if (form.ContainsKey("choice"))
            {
                var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
                account.PendingChallengeCode = code;
                store.Mail.Enqueue(SecurityCodeMail.Create(account.Email ?? "", account.Username, code, time.GetUtcNow()));
                return ChallengePage.EnterCode(Mask(account.Email), null);
            }

            var entered = form["security_code"].ToString().Trim();
            if (account.PendingChallengeCode is null || !string.Equals(entered, account.PendingChallengeCode, StringComparison.Ordinal))
            {
                return ChallengePage.EnterCode(Mask(account.Email), "Please check the code we sent you and try again.");
            }

            account.PendingChallengeCode = null;
            store.WebPendingLogins.TryRemove(token, out _);
            WebSession.SignIn(http, store, account, time);
            return Results.Redirect("/");
        });

        return app;
    }

    private static SandboxAccount? Pending(string token, SandboxStore store) =>
        store.WebPendingLogins.TryGetValue(token, out var username) ? store.Find(username) : null;

    /// <summary>"jane.doe@example.com" → "j*******e@example.com", as the real page shows it.</summary>
    private static string Mask(string? email)
    {
        var at = email?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        if (email is null || at < 2)
        {
            return email ?? "";
        }

        return string.Concat(email.AsSpan(0, 1), new string('*', at - 2), email.AsSpan(at - 1));
    }
}
