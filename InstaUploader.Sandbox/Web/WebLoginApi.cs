using System.Globalization;
using InstaUploader.Sandbox.State;
using OtpNet;

namespace InstaUploader.Sandbox.Web;

/// <summary>
/// The XHRs behind the login page, answering with the JSON shapes www.instagram.com uses
/// (authenticated / two_factor_required / checkpoint_url / message).
/// </summary>
internal static class WebLoginApi
{
    private const string BadPassword = "Sorry, your password was incorrect. Please double-check your password.";
    private const string UnknownUser = "The username you entered doesn't belong to an account. Please check your username and try again.";
    private const string PleaseWait = "Please wait a few minutes before you try again.";
    private const string Disabled = "Your account has been disabled for violating our terms. Learn how you may be able to restore your account.";

    public static IEndpointRouteBuilder MapWebLoginApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/web/accounts/login/ajax").DisableAntiforgery().AddEndpointFilter(async (ctx, next) =>
            WebSession.CsrfValid(ctx.HttpContext)
                ? await next(ctx)
                : Results.Json(new { message = "CSRF token missing or incorrect", status = "fail" }, statusCode: StatusCodes.Status403Forbidden));

        api.MapPost("/", async (HttpContext http, SandboxStore store, TimeProvider time, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            var account = store.Find(form["username"].ToString().Trim());
            if (account is null)
            {
                return Fail(UnknownUser, "invalid_user", new { user = false, authenticated = false });
            }

            await FaultGate.DelayAsync(account, ct);
            if (FaultGate.TakeRateLimit(account) is { } retryAfter)
            {
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return Results.Json(new { message = PleaseWait, require_login = true, status = "fail" }, statusCode: StatusCodes.Status429TooManyRequests);
            }

            if (!string.Equals(PasswordFrom(form["enc_password"].ToString()), account.Password, StringComparison.Ordinal))
            {
                return Fail(BadPassword, "bad_password", new { user = true, authenticated = false });
            }

            if (account.Faults.Banned)
            {
                return Fail(Disabled, "inactive_user", new { user = true, authenticated = false });
            }

            if (account.Faults.TwoFactor)
            {
                var identifier = WebSession.Token(24);
                store.WebPendingLogins[identifier] = account.Username;
                return Results.Json(new
                {
                    message = "",
                    two_factor_required = true,
                    two_factor_info = new
                    {
                        pk = account.Pk.ToString(CultureInfo.InvariantCulture),
                        username = account.Username,
                        two_factor_identifier = identifier,
                        totp_two_factor_on = true,
                        sms_two_factor_on = false,
                    },
                    status = "fail",
                    error_type = "two_factor_required",
                }, statusCode: StatusCodes.Status400BadRequest);
            }

            if (account.Faults.Challenge)
            {
                var token = WebSession.Token(20);
                store.WebPendingLogins[token] = account.Username;
                return Results.Json(new
                {
                    message = "checkpoint_required",
                    checkpoint_url = $"/challenge/{account.Pk}/{token}/",
                    @lock = false,
                    flag = "",
                    status = "fail",
                    error_type = "checkpoint_challenge_required",
                }, statusCode: StatusCodes.Status400BadRequest);
            }

            WebSession.SignIn(http, store, account, time);
            return Authenticated(account);
        });

        api.MapPost("/two_factor/", async (HttpContext http, SandboxStore store, TimeProvider time, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            if (!store.WebPendingLogins.TryGetValue(form["identifier"].ToString(), out var username)
                || store.Find(username) is not { } account
                || !string.Equals(account.Username, form["username"].ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return Fail("This page could not be loaded. If you have cookies disabled in your browser, or you are browsing in Private Mode, please try enabling cookies or turning off Private Mode, and then retrying your action.", "invalid_identifier");
            }

            if (!TotpValid(account.TotpSecret, form["verificationCode"].ToString().Trim(), time))
            {
                return Fail("Please check the security code and try again.", "sms_code_validation_code_invalid");
            }

            store.WebPendingLogins.TryRemove(form["identifier"].ToString(), out _);
            WebSession.SignIn(http, store, account, time);
            return Authenticated(account);
        });

        return app;
    }

    /// <summary>enc_password is "#PWD_INSTAGRAM_BROWSER:&lt;version&gt;:&lt;time&gt;:&lt;password&gt;"; version 0 is plain text.</summary>
    private static string PasswordFrom(string encPassword)
    {
        var parts = encPassword.Split(':', 4);
        return parts.Length == 4 && parts[0] == "#PWD_INSTAGRAM_BROWSER" ? parts[3] : encPassword;
    }

    internal static bool TotpValid(string? secret, string code, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(secret) || code.Length != 6)
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret.Replace(" ", "", StringComparison.Ordinal)));
        return totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out _, VerificationWindow.RfcSpecifiedNetworkDelay);
    }

    private static IResult Authenticated(SandboxAccount account) => Results.Json(new
    {
        user = true,
        userId = account.Pk.ToString(CultureInfo.InvariantCulture),
        authenticated = true,
        oneTapPrompt = false,
        status = "ok",
    });

    private static IResult Fail(string message, string errorType, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["message"] = message, ["status"] = "fail", ["error_type"] = errorType };
        if (extra is not null)
        {
            foreach (var p in extra.GetType().GetProperties())
            {
                body[p.Name] = p.GetValue(extra);
            }
        }

        return Results.Json(body, statusCode: StatusCodes.Status400BadRequest);
    }
}
