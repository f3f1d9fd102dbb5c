using System.Text.Json.Nodes;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// The last steps every login path shares (password, TOTP, checkpoint): stop at a checkpoint when the account
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

        return LoggedIn(store, catalog, account, deviceId, now, http, extra: null);
    }

    public static IResult LoggedIn(
        SandboxStore store, MobileCatalog catalog, SandboxAccount account, string deviceId, DateTimeOffset now, HttpContext http, JsonObject? extra)
    {
        MobileSessions.Issue(store, account, deviceId, now, http.Response);
        http.Response.Headers["ig-set-x-mid"] = MobileSessions.RandomToken(28);
        store.Actions.Enqueue(new SandboxAction("login", account.Username, null, "mobile", now));

        var body = new JsonObject
        {
            ["logged_in_user"] = System.Text.Json.JsonSerializer.SerializeToNode(catalog.FromAccount(account, includeEmail: true)),
            ["session_flush_nonce"] = null,
        };
        foreach (var (key, value) in extra?.ToList() ?? [])
        {
            extra!.Remove(key);
            body[key] = value;
        }

        body["status"] = "ok";
        return Results.Json(body);
    }

    public static string DeviceKey(SandboxAccount account, string deviceId) => $"{account.Username}|{deviceId}";

    private static IResult ChallengeRequired(SandboxStore store, SandboxAccount account, string deviceId, DateTimeOffset now)
    {
        var nonce = MobileSessions.RandomToken(10);
        store.Mobile.Challenges[nonce] = new MobilePendingLogin(account.Username, deviceId, now);
        var apiPath = $"/challenge/{account.Pk}/{nonce}/";
        return MobileErrors.Fail(400, "challenge_required", "checkpoint_challenge_required", new JsonObject
        {
            ["challenge"] = new JsonObject
            {
                ["url"] = $"https://i.instagram.com{apiPath}",
                ["api_path"] = apiPath,
                ["hide_webview_header"] = true,
                ["lock"] = true,
                ["logout"] = false,
                ["native_flow"] = false,
                ["flow_render_type"] = 0,
            },
        });
    }
}
