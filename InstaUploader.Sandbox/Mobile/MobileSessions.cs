using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// Issues and checks sessions the way the app sees them: the login answer carries
/// <c>ig-set-authorization: Bearer IGT:2:&lt;base64 {"ds_user_id","sessionid",...}&gt;</c>, which the app then sends
/// back as <c>Authorization</c> on every call.
/// </summary>
internal static class MobileSessions
{
    private const string Prefix = "Bearer IGT:2:";

    public static string Issue(SandboxStore store, SandboxAccount account, string deviceId, DateTimeOffset now, HttpResponse response)
    {
        var sessionId = $"{account.Pk}%3A{RandomToken(14)}%3A{RandomNumberGenerator.GetInt32(1, 30)}%3A{RandomToken(40)}";
        store.Mobile.Sessions[sessionId] = new MobileSessionEntry(sessionId, account.Pk, account.Username, deviceId, now);

        var payload = new JsonObject
        {
            ["ds_user_id"] = account.Pk.ToString(),
            ["sessionid"] = sessionId,
            ["should_use_header_over_cookies"] = true,
        };
        var header = Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString()));

        response.Headers["ig-set-authorization"] = header;
        response.Headers["ig-set-ig-u-ds-user-id"] = account.Pk.ToString();
        response.Headers["ig-set-ig-u-rur"] = $"CLN,{account.Pk},{now.AddYears(1).ToUnixTimeSeconds()}:01f7{RandomToken(32)}";
        response.HttpContext.RequestServices.GetRequiredService<MobilePasswordKeys>().SetHeaders(response);
        return header;
    }

    /// <summary>The account behind the request's Authorization header, or null when absent, forged or expired.</summary>
    public static SandboxAccount? Resolve(SandboxStore store, HttpRequest request)
    {
        if (SessionId(request) is not { } sessionId || !store.Mobile.Sessions.TryGetValue(sessionId, out var entry))
        {
            return null;
        }

        return store.Find(entry.Username) is { } account && account.Pk == entry.Pk ? account : null;
    }

    public static void Revoke(SandboxStore store, HttpRequest request)
    {
        if (SessionId(request) is { } sessionId)
        {
            store.Mobile.Sessions.TryRemove(sessionId, out _);
        }
    }

    private static string? SessionId(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var json = JsonNode.Parse(Convert.FromBase64String(header[Prefix.Length..])) as JsonObject;
            return json?["sessionid"]?.GetValue<string>();
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    public static string RandomToken(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return RandomNumberGenerator.GetString(alphabet, length);
    }
}
