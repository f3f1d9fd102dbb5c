using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace InstaUploader.Instagram.Mobile;

/// <summary>
/// The Android install an account is seen from. Instagram ties sessions and checkpoints to these ids, so a
/// device is generated once per account and kept with its <see cref="MobileSession"/>. The phone it runs on
/// (<see cref="Profile"/>) is drawn from the app identity data set on first use and kept too; the app version is
/// not: it follows the data set, so an upgrade reaches every saved session.
/// </summary>
public sealed record MobileDevice(
    [property: JsonPropertyName("android_device_id")] string AndroidDeviceId,
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("phone_id")] string PhoneId,
    [property: JsonPropertyName("client_session_id")] string ClientSessionId,
    [property: JsonPropertyName("advertising_id")] string AdvertisingId,
    [property: JsonPropertyName("profile")] MobileDeviceProfile? Profile = null)
{
    public static MobileDevice Generate(MobileDeviceProfile? profile = null) => new(
        AndroidDeviceId: "android-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
        Uuid: Guid.NewGuid().ToString(),
        PhoneId: Guid.NewGuid().ToString(),
        ClientSessionId: Guid.NewGuid().ToString(),
        AdvertisingId: Guid.NewGuid().ToString(),
        Profile: profile);
}
