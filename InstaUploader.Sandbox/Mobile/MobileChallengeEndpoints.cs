using InstaUploader.Sandbox.Mail;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using InstaUploader.Sandbox.State;
using Microsoft.AspNetCore.Mvc;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// The checkpoint ("challenge") flow at /api/v1/challenge/{user_id}/{nonce}/: GET (with the server's
/// challenge_context) shows select_verify_method, POST choice=1 mails a 6-digit code (step verify_email), POST
/// security_code answers <c>{"action":"close"}</c> and carries no session: the device is now trusted and the
/// client logs in again (instagrapi mixins/challenge.py:560-563 asserts action close; mixins/private.py:697-703
/// then repeats the login request).
/// </summary>
internal static class MobileChallengeEndpoints
{
    private const string EmailChoice = "1";

    public static RouteGroupBuilder MapMobileChallenge(this RouteGroupBuilder api)
    {
        api.MapGet("/challenge/{userId:long}/{nonce}/", (long userId, string nonce, [FromQuery(Name = "challenge_context")] string? context, SandboxStore store) =>
            Pending(store, userId, nonce) is not { } account ? Expired()
            : !ContextMatches(store, nonce, context) ? MobileErrors.Fail(400, "Invalid challenge_context", "invalid_challenge_context")
            : Step(account, nonce, "select_verify_method", new JsonObject
                {
                    ["choice"] = EmailChoice,
                    ["fb_access_token"] = "None",
                    ["big_blue_token"] = "None",
                    ["google_oauth_token"] = "true",
                    ["vetted_device"] = "None",
                    ["email"] = Obfuscate(account.Email),
                }));

        api.MapPost("/challenge/{userId:long}/{nonce}/", PostAsync).RequireSignedBody();
        return api;
    }

    private static async Task<IResult> PostAsync(
        long userId, string nonce, HttpContext http, SandboxStore store, TimeProvider time)
    {
        if (Pending(store, userId, nonce) is not { } account)
        {
            return Expired();
        }

        var body = await MobileForm.ReadAsync(http.Request, http.RequestAborted);
        var now = time.GetUtcNow();

        if (body.Text("security_code") is { } code)
        {
            var expected = account.PendingChallengeCode;
            if (expected is null || !CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.ASCII.GetBytes(code.Trim()), System.Text.Encoding.ASCII.GetBytes(expected)))
            {
                return MobileErrors.Fail(400, "Please check the code we sent you and try again.", "invalid_security_code",
                    new JsonObject { ["challenge"] = new JsonObject { ["errors"] = new JsonArray("Please check the code we sent you and try again.") } });
            }

            store.Mobile.Challenges.TryRemove(nonce, out var pending);
            account.PendingChallengeCode = null;
            store.Mobile.VerifiedDevices[MobileLogin.DeviceKey(account, pending?.DeviceId ?? "")] = true;
            return Results.Json(new JsonObject { ["action"] = "close", ["status"] = "ok" });
        }

        if (body.Text("choice") is EmailChoice or "0" && account.Email is { } email)
        {
            var newCode = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
            account.PendingChallengeCode = newCode;
            store.Mail.Enqueue(SecurityCodeMail.Create(email, account.Username, newCode, now));
            return Step(account, nonce, "verify_email", new JsonObject
            {
                ["security_code"] = "None",
                ["resend_delay"] = 60,
                ["contact_point"] = Obfuscate(email),
                ["form_type"] = "email",
            });
        }

        return MobileErrors.Fail(400, "This contact point is not available for this account.", "invalid_choice");
    }

    private static SandboxAccount? Pending(SandboxStore store, long userId, string nonce) =>
        store.Mobile.Challenges.TryGetValue(nonce, out var pending) && store.Find(pending.Username) is { } account && account.Pk == userId
            ? account
            : null;

    /// <summary>The client must hand back the context the server issued, not one of its own making.</summary>
    private static bool ContextMatches(SandboxStore store, string nonce, string? context) =>
        store.Mobile.Challenges.TryGetValue(nonce, out var pending) && string.Equals(pending.ChallengeContext, context, StringComparison.Ordinal);

    private static IResult Step(SandboxAccount account, string nonce, string stepName, JsonObject stepData) =>
        Results.Json(new JsonObject
        {
            ["step_name"] = stepName,
            ["step_data"] = stepData,
            ["flow_render_type"] = 3,
            ["bloks_action"] = "com.instagram.challenge.navigation.take_challenge",
            ["nonce_code"] = nonce,
            ["user_id"] = account.Pk,
            ["status"] = "ok",
        });

    private static IResult Expired() => MobileErrors.Fail(400, "challenge_required", "checkpoint_challenge_required",
        new JsonObject { ["challenge"] = new JsonObject { ["errors"] = new JsonArray("This page is no longer available.") } });

    private static string Obfuscate(string? email)
    {
        if (string.IsNullOrEmpty(email) || email.IndexOf('@') is var at && at < 1)
        {
            return "";
        }

        return $"{email[0]}{new string('*', Math.Max(1, at - 1))}{email[at..]}";
    }
}
