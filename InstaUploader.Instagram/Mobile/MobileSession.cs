using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using InstaUploader.Instagram.Web;

namespace InstaUploader.Instagram.Mobile;

/// <summary>
/// Everything needed to act as a logged-in app: the device, the <c>Authorization: Bearer IGT:2:...</c> header
/// Instagram issued, and the cookies and hints it set. Persist it (<see cref="ToJson"/>) with the account and
/// pass it back so the next run reuses the login instead of logging in again. Contains a secret: never log it.
/// </summary>
public sealed class MobileSession
{
    [JsonPropertyName("device")]
    public required MobileDevice Device { get; set; }

    [JsonPropertyName("username")]
    public string? Username { get; set; }

    [JsonPropertyName("user_pk")]
    public long? UserPk { get; set; }

    /// <summary>The value of the <c>ig-set-authorization</c> header, sent back as <c>Authorization</c>.</summary>
    [JsonPropertyName("authorization")]
    public string? Authorization { get; set; }

    [JsonPropertyName("mid")]
    public string? Mid { get; set; }

    [JsonPropertyName("ig_u_rur")]
    public string? Rur { get; set; }

    [JsonPropertyName("cookies")]
    public Dictionary<string, string> Cookies { get; init; } = new(StringComparer.Ordinal);

    [JsonPropertyName("last_login_at")]
    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>Instagram's password-encryption key, once a response set it; kept in memory only (keys rotate).</summary>
    [JsonIgnore]
    public MobilePasswordKey? PasswordKey { get; set; }

    /// <summary>
    /// The proxy this account's traffic goes through (the account's, set by the caller on every run); null goes
    /// direct. Not persisted: it holds credentials and belongs to the account, not to the login.
    /// </summary>
    [JsonIgnore]
    public BrowserProxy? Proxy { get; set; }

    [JsonIgnore]
    public bool IsAuthenticated => !string.IsNullOrEmpty(Authorization) && UserPk is not null;

    public static MobileSession Create(MobileDeviceProfile? profile = null) => new() { Device = MobileDevice.Generate(profile) };

    /// <summary>The phone this session's device runs on, chosen from <paramref name="app"/> the first time (older sessions had none).</summary>
    internal MobileDeviceProfile DeviceProfile(MobileAppIdentity app)
    {
        if (Device.Profile is null)
        {
            Device = Device with { Profile = app.PickDevice() };
        }

        return Device.Profile!;
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    public static MobileSession FromJson(string json) =>
        JsonSerializer.Deserialize<MobileSession>(json) ?? throw new JsonException("Empty mobile session.");

    /// <summary>Forgets the login but keeps the device, as the app does after "You've been logged out".</summary>
    public void SignOut()
    {
        Authorization = null;
        UserPk = null;
        Cookies.Clear();
    }

    /// <summary>Takes the authorization Instagram set; its base64 JSON names the user (<c>ds_user_id</c>).</summary>
    internal void SetAuthorization(string header)
    {
        const string prefix = "Bearer IGT:2:";
        if (!header.StartsWith(prefix, StringComparison.Ordinal) || header.Length == prefix.Length)
        {
            return;
        }

        Authorization = header;
        try
        {
            var payload = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header[prefix.Length..])));
            if (long.TryParse(payload?["ds_user_id"]?.ToString(), out var pk))
            {
                UserPk = pk;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            // Opaque token: keep it, the user pk comes from logged_in_user.
        }
    }

    public override string ToString() => $"MobileSession {{ Username = {Username}, UserPk = {UserPk}, Authenticated = {IsAuthenticated} }}";
}
