using System.Text.Json.Nodes;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// The last steps every login path shares (password, TOTP): stop at a checkpoint when the account
/// demands one from this device, else issue the session and answer with <c>logged_in_user</c>.
/// </summary>
internal static class MobileLogin
{
    public static IResult Complete(
        SandboxStore store, MobileCatalog catalog, SandboxAccount account, string deviceId, DateTimeOffset now, HttpContext http)
    {
        if (account.Faults.Challenge && !store.Mobile.VerifiedDevices.ContainsKey(DeviceKey(account, deviceId)))
        {
            return ChallengeRequired(store, account, deviceId, now);
        }

        return LoggedIn(store, catalog, account, deviceId, now, http);
    }

    public static IResult LoggedIn(
        SandboxStore store, MobileCatalog catalog, SandboxAccount account, string deviceId, DateTimeOffset now, HttpContext http)
    {
        MobileSessions.Issue(store, account, deviceId, now, http.Response);
        http.Response.Headers["ig-set-x-mid"] = MobileSessions.RandomToken(28);
        store.Actions.Enqueue(new SandboxAction("login", account.Username, null, "mobile", now));

        var body = new JsonObject
        {
            ["logged_in_user"] = System.Text.Json.JsonSerializer.SerializeToNode(catalog.FromAccount(account, includeEmail: true)),
            ["session_flush_nonce"] = null,
            ["status"] = "ok",
        };
        return Results.Json(body);
    }

    public static string DeviceKey(SandboxAccount account, string deviceId) => $"{account.Username}|{deviceId}";

    /// <summary>
    /// Today's envelope carries the path with its /api/v1 prefix and an opaque <c>challenge_context</c> that the
    /// client must hand back (instagrapi mixins/challenge.py:47-52 strips the prefix, :170-183 sends the server's
    /// context and builds one only when none came; the context's shape is the one quoted at :603-611).
    /// </summary>
    private static IResult ChallengeRequired(SandboxStore store, SandboxAccount account, string deviceId, DateTimeOffset now)
    {
        var nonce = MobileSessions.RandomToken(10);
        var context = new JsonObject
        {
            ["step_name"] = "",
            ["cni"] = System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, int.MaxValue) * 10_000L,
            ["is_stateless"] = false,
            ["challenge_type_enum"] = "UNKNOWN",
            ["present_as_modal"] = false,
        }.ToJsonString();
        store.Mobile.Challenges[nonce] = new MobilePendingLogin(account.Username, deviceId, now, context);
        return ChallengeAnswer($"/api/v1/challenge/{account.Pk}/{nonce}/", nativeFlow: false, context);
    }

    /// <summary>The 400 challenge_required answer that points the app at <paramref name="apiPath"/>.</summary>
    internal static IResult ChallengeAnswer(string apiPath, bool nativeFlow, string? context)
    {
        var challenge = new JsonObject
        {
            ["url"] = $"https://i.instagram.com{apiPath}",
            ["api_path"] = apiPath,
            ["hide_webview_header"] = true,
            ["lock"] = true,
            ["logout"] = false,
            ["native_flow"] = nativeFlow,
            ["flow_render_type"] = nativeFlow ? 3 : 0,
        };
        if (context is not null)
        {
            challenge["challenge_context"] = context;
        }

        return MobileErrors.Fail(400, "challenge_required", "checkpoint_challenge_required", new JsonObject { ["challenge"] = challenge });
    }
}
