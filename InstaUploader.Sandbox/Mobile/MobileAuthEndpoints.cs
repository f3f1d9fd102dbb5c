using System.Text.Json.Nodes;
using InstaUploader.Sandbox.State;
using OtpNet;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>POST /api/v1/accounts/login/, two_factor_login/ and logout/.</summary>
internal static class MobileAuthEndpoints
{
    public static RouteGroupBuilder MapMobileAuth(this RouteGroupBuilder api)
    {
        api.MapPost("/accounts/login/", LoginAsync).RequireSignedBody();
        api.MapPost("/accounts/two_factor_login/", TwoFactorLoginAsync).RequireSignedBody();
        return api;
    }

    public static RouteGroupBuilder MapMobileLogout(this RouteGroupBuilder authed)
    {
        authed.MapPost("/accounts/logout/", (HttpContext http, SandboxStore store) =>
        {
            MobileSessions.Revoke(store, http.Request);
            return Results.Json(new JsonObject { ["status"] = "ok" });
        });
        return authed;
    }

    private static async Task<IResult> LoginAsync(
        HttpContext http, SandboxStore store, MobileCatalog catalog, MobilePasswordKeys keys, TimeProvider time)
    {
        var body = await MobileForm.ReadAsync(http.Request, http.RequestAborted);
        var username = body.Text("username")?.Trim() ?? "";
        var deviceId = body.Text("device_id") ?? body.Text("guid") ?? "";
        var opened = keys.Open(body.Text("enc_password"));
        if (opened.Problem is PasswordProblem.Malformed or PasswordProblem.PlainRefused)
        {
            return MobileErrors.Fail(400, "Invalid Parameters", "invalid_parameters", new JsonObject
            {
                ["error_title"] = "Invalid Parameters",
                ["exception_name"] = "InvalidEncryptedPassword",
            });
        }

        var account = store.Find(username);
        if (account is null)
        {
            return MobileErrors.Fail(400,
                "The username you entered doesn't appear to belong to an account. Please check your username and try again.",
                "invalid_user", new JsonObject { ["invalid_credentials"] = true, ["error_title"] = "Incorrect Username" });
        }

        MobileTraffic.Record(store, account.Username, http, time.GetUtcNow());
        if (opened.Password is not { } password || !string.Equals(password, account.Password, StringComparison.Ordinal))
        {
            // An undecryptable password (unknown key id, tampered tag) reads as a wrong one, as on the real service.
            return MobileErrors.Fail(400, "The password you entered is incorrect. Please try again.", "bad_password", new JsonObject
            {
                ["invalid_credentials"] = true,
                ["error_title"] = $"Incorrect Password for {account.Username}",
                ["exception_name"] = "UserInvalidCredentials",
            });
        }

        if (account.Faults.Banned)
        {
            // A suspended account's login is a challenge pointing at /accounts/suspended/, which the reference tells
            // apart from solvable challenges by that URL (instagrapi mixins/private.py:524-528, AccountSuspended).
            var suspended = $"/accounts/suspended/?next=/accounts/login/&user_id={account.Pk}";
            return MobileErrors.Fail(400, "challenge_required", "checkpoint_challenge_required", new JsonObject
            {
                ["challenge"] = new JsonObject
                {
                    ["url"] = $"https://i.instagram.com{suspended}",
                    ["api_path"] = suspended,
                    ["lock"] = true,
                    ["logout"] = true,
                    ["native_flow"] = false,
                    ["flow_render_type"] = 0,
                },
            });
        }

        if (MobileLoginFaults.Answer(account) is { } refused)
        {
            return refused;
        }

        var now = time.GetUtcNow();
        if (account.Faults.TwoFactor && !string.IsNullOrEmpty(account.TotpSecret))
        {
            var identifier = MobileSessions.RandomToken(32);
            store.Mobile.TwoFactor[identifier] = new MobilePendingLogin(account.Username, deviceId, now);
            return MobileErrors.Fail(400, "", "two_factor_required", new JsonObject
            {
                ["two_factor_required"] = true,
                ["two_factor_info"] = new JsonObject
                {
                    ["pk"] = account.Pk,
                    ["username"] = account.Username,
                    ["sms_two_factor_on"] = false,
                    ["whatsapp_two_factor_on"] = false,
                    ["totp_two_factor_on"] = true,
                    ["obfuscated_phone_number"] = "",
                    ["two_factor_identifier"] = identifier,
                    ["show_messenger_code_option"] = false,
                    ["show_new_login_screen"] = true,
                    ["show_trusted_device_option"] = true,
                    ["should_opt_in_trusted_device_option"] = true,
                    ["pending_trusted_notification"] = false,
                },
                ["phone_verification_settings"] = new JsonObject
                {
                    ["max_sms_count"] = 2,
                    ["resend_sms_delay_sec"] = 60,
                    ["robocall_count_down_time_sec"] = 30,
                    ["robocall_after_max_sms"] = true,
                },
            });
        }

        return MobileLogin.Complete(store, catalog, account, deviceId, now, http);
    }

    private static async Task<IResult> TwoFactorLoginAsync(HttpContext http, SandboxStore store, MobileCatalog catalog, TimeProvider time)
    {
        var body = await MobileForm.ReadAsync(http.Request, http.RequestAborted);
        var identifier = body.Text("two_factor_identifier") ?? "";
        var code = (body.Text("verification_code") ?? "").Replace(" ", "", StringComparison.Ordinal);

        if (!store.Mobile.TwoFactor.TryGetValue(identifier, out var pending) || store.Find(pending.Username) is not { } account
            || !string.Equals(body.Text("username"), account.Username, StringComparison.OrdinalIgnoreCase))
        {
            return MobileErrors.Fail(400, "Invalid Parameters", "invalid_parameters");
        }

        var now = time.GetUtcNow();
        var totp = new Totp(Base32Encoding.ToBytes(account.TotpSecret ?? ""));
        if (body.Text("verification_method") != "3"
            || !totp.VerifyTotp(now.UtcDateTime, code, out _, VerificationWindow.RfcSpecifiedNetworkDelay))
        {
            return MobileErrors.Fail(400, "Please check the security code and try again.", "sms_code_validation_code_invalid",
                new JsonObject { ["error_title"] = "Incorrect Security Code" });
        }

        store.Mobile.TwoFactor.TryRemove(identifier, out _);
        return MobileLogin.Complete(store, catalog, account, pending.DeviceId, now, http);
    }
}
