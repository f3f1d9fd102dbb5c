using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace InstaUploader.Instagram.Mobile;

/// <summary>
/// The Android install an account is seen from. Instagram ties sessions and checkpoints to these ids, so a
/// device is generated once per account and kept with its <see cref="MobileSession"/>.
/// </summary>
public sealed record MobileDevice(
    [property: JsonPropertyName("android_device_id")] string AndroidDeviceId,
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("phone_id")] string PhoneId,
    [property: JsonPropertyName("client_session_id")] string ClientSessionId,
    [property: JsonPropertyName("advertising_id")] string AdvertisingId,
    [property: JsonPropertyName("user_agent")] string UserAgent)
{
    /// <summary>The app build this client speaks as (Instagram 269 for Android, as instagrapi long defaulted to).</summary>
    public const string DefaultUserAgent =
        "Instagram 269.0.0.18.75 Android (26/8.0.0; 480dpi; 1080x1920; OnePlus; 6T Dev; devitron; qcom; en_US; 314665256)";

    public const string AppId = "567067343352427";

    /// <summary>Identifies the Bloks (server-driven UI) schema of the build; derived from the user agent.</summary>
    [JsonIgnore]
    public string BloksVersionId => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(UserAgent)));

    public static MobileDevice Generate(string? userAgent = null) => new(
        AndroidDeviceId: "android-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        Uuid: Guid.NewGuid().ToString(),
        PhoneId: Guid.NewGuid().ToString(),
        ClientSessionId: Guid.NewGuid().ToString(),
        AdvertisingId: Guid.NewGuid().ToString(),
        UserAgent: userAgent ?? DefaultUserAgent);
}
