using System.Net;
using System.Text.Json.Nodes;
using InstaUploader.Instagram.Mail;
using OtpNet;

namespace InstaUploader.Instagram.Mobile;

public sealed partial class InstagramMobileClient
{
    /// <summary>
    /// Logs in (accounts/login/), completing two-factor with the TOTP seed and an e-mail checkpoint with
    /// <paramref name="emailCodeReader"/> when Instagram asks. A still-valid <paramref name="session"/> for the same
    /// user is reused without logging in again. Returns the session to persist.
    /// </summary>
    public async Task<MobileSession> LoginAsync(
        MobileCredentials credentials, MobileSession? session = null, IEmailCodeReader? emailCodeReader = null, CancellationToken ct = default)
    {
        session ??= MobileSession.Create();
        if (session.IsAuthenticated && string.Equals(session.Username, credentials.Username, StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                await GetCurrentUserAsync(session, ct);
                return session;
            }
            catch (LoginRequiredException)
            {
                session.SignOut();
            }
        }

        session.SignOut();
        session.Username = credentials.Username;
        var response = await SendLoginAsync(session, credentials, ct);
        if (response.Json?["message"]?.ToString() == "challenge_required" && response.Json["challenge"] is JsonObject challenge
            && MobileChallenges.ManualKind(response.Json) is null && !MobileChallenges.IsSuspension(response.Json))
        {
            // Passing the checkpoint only trusts the device ({"action":"close"}); the reference then logs in again
            // (instagrapi mixins/private.py:697-703), which Instagram now lets through.
            var passed = await ResolveChallengeAsync(session, credentials, challenge, emailCodeReader, ct);
            response = passed.Json?["logged_in_user"] is null ? await SendLoginAsync(session, credentials, ct) : passed;
        }

        var body = response.EnsureOk();
        if (body["logged_in_user"] is { } user)
        {
            var account = MobileJson.Read<WireUser>(user, "logged_in_user");
            session.UserPk = account.Pk;
            session.Username = account.Username;
        }

        if (!session.IsAuthenticated)
        {
            throw new InstagramApiException("Instagram accepted the login but set no authorization.", response.StatusCode, null);
        }

        session.LastLoginAt = time.GetUtcNow();
        return session;
    }

    /// <summary>accounts/login/ with the encrypted password, then two-factor when Instagram asks for it.</summary>
    private async Task<MobileResponse> SendLoginAsync(MobileSession session, MobileCredentials credentials, CancellationToken ct)
    {
        var device = session.Device;
        var encryptedPassword = await EncryptPasswordAsync(session, credentials.Password, ct);
        var login = new JsonObject
        {
            ["jazoest"] = Jazoest(device.PhoneId),
            ["country_codes"] = "[{\"country_code\":\"1\",\"source\":[\"default\"]}]",
            ["phone_id"] = device.PhoneId,
            ["enc_password"] = encryptedPassword,
            ["username"] = credentials.Username,
            ["adid"] = device.AdvertisingId,
            ["guid"] = device.Uuid,
            ["device_id"] = device.AndroidDeviceId,
            ["google_tokens"] = "[]",
            ["login_attempt_count"] = "0",
        };
        var response = await SendRawAsync(session, HttpMethod.Post, "api/v1/accounts/login/", SignedBody(login), null, ct);
        return response.Json?["two_factor_info"] is JsonObject twoFactor
            ? await TwoFactorLoginAsync(session, credentials, twoFactor, ct)
            : response;
    }

    /// <summary>accounts/current_user/?edit=true: the logged-in account; also the cheapest check that a session is alive.</summary>
    public async Task<MobileAccount> GetCurrentUserAsync(MobileSession session, CancellationToken ct = default)
    {
        var body = await GetAsync(RequireLogin(session), "api/v1/accounts/current_user/?edit=true", ct);
        return MobileJson.Read<WireUser>(body["user"], "user").ToAccount();
    }

    public async Task LogoutAsync(MobileSession session, CancellationToken ct = default)
    {
        if (session.IsAuthenticated)
        {
            await PostSignedAsync(session, "api/v1/accounts/logout/", WithUser(session, new JsonObject { ["one_tap_app_login"] = true }), ct);
        }

        session.SignOut();
    }

    private async Task<MobileResponse> TwoFactorLoginAsync(MobileSession session, MobileCredentials credentials, JsonObject info, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(credentials.TotpSecret))
        {
            throw new TwoFactorRequiredException($"Instagram requires two-factor authentication for {credentials.Username} and no TOTP secret is configured.");
        }

        var seed = Base32Encoding.ToBytes(credentials.TotpSecret.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var code = new Totp(seed).ComputeTotp(time.GetUtcNow().UtcDateTime);
        var data = new JsonObject
        {
            ["verification_code"] = code,
            ["phone_id"] = session.Device.PhoneId,
            ["two_factor_identifier"] = info["two_factor_identifier"]?.ToString(),
            ["username"] = credentials.Username,
            ["trust_this_device"] = "0",
            ["guid"] = session.Device.Uuid,
            ["device_id"] = session.Device.AndroidDeviceId,
            ["waterfall_id"] = Guid.NewGuid().ToString(),
            ["verification_method"] = "3",
        };
        var response = await SendRawAsync(session, HttpMethod.Post, "api/v1/accounts/two_factor_login/", SignedBody(data), null, ct);
        if (response.StatusCode == HttpStatusCode.BadRequest && response.Json?["message"]?.ToString() != "challenge_required")
        {
            throw new TwoFactorRequiredException($"Instagram refused the TOTP code: {response.Json?["message"]}");
        }

        return response;
    }

    /// <summary>
    /// The checkpoint flow at challenge.api_path (with or without its /api/v1 prefix): read the step with the
    /// server's challenge_context, choose e-mail, wait for the mailed code, send it. Instagram answers the code with
    /// <c>{"action":"close"}</c> (older servers with the session itself); the caller then logs in again.
    /// </summary>
    private async Task<MobileResponse> ResolveChallengeAsync(
        MobileSession session, MobileCredentials credentials, JsonObject challenge, IEmailCodeReader? emailCodeReader, CancellationToken ct)
    {
        var apiPath = challenge["api_path"]?.ToString() ?? "";
        if (emailCodeReader is null || credentials.Email is null || credentials.EmailPassword is null)
        {
            throw new ChallengeRequiredException($"Instagram requires a checkpoint ({apiPath}) and no mailbox is configured to receive the code.");
        }

        var relative = ChallengePath(apiPath);
        var path = "api/v1/" + relative;
        var segments = relative.Trim('/').Split('/');
        // instagrapi mixins/challenge.py:170-183: the server's context when it sent one, else one built from the path.
        var context = challenge["challenge_context"]?.ToString() is { Length: > 0 } issued
            ? issued
            : new JsonObject
            {
                ["step_name"] = "",
                ["nonce_code"] = segments.Length > 2 ? segments[2] : "",
                ["user_id"] = segments.Length > 1 && long.TryParse(segments[1], out var uid) ? uid : 0,
                ["is_stateless"] = false,
            }.ToJsonString();
        var query = $"?guid={session.Device.Uuid}&device_id={session.Device.AndroidDeviceId}&challenge_context={Uri.EscapeDataString(context)}";

        var step = (await SendRawAsync(session, HttpMethod.Get, path + query, null, null, ct)).EnsureOk();
        var since = time.GetUtcNow().AddSeconds(-5);
        if (step["step_name"]?.ToString() is "select_verify_method" or "select_contact_point_recovery")
        {
            if (step["step_data"]?["email"] is null)
            {
                throw new ChallengeRequiredException($"The checkpoint ({apiPath}) offers no e-mail verification.");
            }

            step = (await SendRawAsync(session, HttpMethod.Post, path, SignedBody(new JsonObject { ["choice"] = "1" }), null, ct)).EnsureOk();
        }

        if (step["step_name"]?.ToString() is not ("verify_email" or "verify_email_code"))
        {
            throw new ChallengeRequiredException($"Unsupported checkpoint step '{step["step_name"]}' at {apiPath}.");
        }

        var code = await emailCodeReader.WaitForCodeAsync(credentials.Email, credentials.EmailPassword, since, ChallengeCodeTimeout, ct)
                   ?? throw new ChallengeRequiredException($"No security code arrived at the account's mailbox within {ChallengeCodeTimeout}.");

        var result = await SendRawAsync(session, HttpMethod.Post, path, SignedBody(new JsonObject { ["security_code"] = code }), null, ct);
        if (!result.IsOk || (result.Json?["action"]?.ToString() != "close" && result.Json?["logged_in_user"] is null))
        {
            throw new ChallengeRequiredException($"Instagram refused the checkpoint code: {result.Json?["message"] ?? result.Text}");
        }

        return result;
    }

    /// <summary>"/api/v1/challenge/1/abc/", "/api/challenge/..." or "/challenge/..." → "challenge/1/abc/" (instagrapi mixins/challenge.py:47-52).</summary>
    internal static string ChallengePath(string apiPath)
    {
        foreach (var prefix in (string[])["/api/v1/", "/api/"])
        {
            if (apiPath.StartsWith(prefix, StringComparison.Ordinal))
            {
                return apiPath[prefix.Length..];
            }
        }

        return apiPath.TrimStart('/');
    }

    /// <summary>The app's request checksum: "2" followed by the sum of the phone id's character codes.</summary>
    private static string Jazoest(string phoneId) => "2" + phoneId.Sum(c => (int)c);
}
