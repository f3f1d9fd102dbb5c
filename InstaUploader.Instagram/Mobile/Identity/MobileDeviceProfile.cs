using System.Text.Json.Serialization;

namespace InstaUploader.Instagram.Mobile;

/// <summary>
/// The phone hardware and system an account's app runs on (instagrapi's device_settings): what the user agent
/// describes. Kept with the account's session once chosen, so Instagram keeps seeing the same phone.
/// </summary>
public sealed record MobileDeviceProfile
{
    [JsonPropertyName("manufacturer")] public string Manufacturer { get; init; } = "";
    [JsonPropertyName("model")] public string Model { get; init; } = "";
    [JsonPropertyName("device")] public string Device { get; init; } = "";
    [JsonPropertyName("cpu")] public string Cpu { get; init; } = "";
    [JsonPropertyName("android_version")] public int AndroidVersion { get; init; }
    [JsonPropertyName("android_release")] public string AndroidRelease { get; init; } = "";
    [JsonPropertyName("dpi")] public string Dpi { get; init; } = "";
    [JsonPropertyName("resolution")] public string Resolution { get; init; } = "";
    [JsonPropertyName("locale")] public string Locale { get; init; } = "en_US";

    /// <summary>The locale as Accept-Language writes it (en_US → en-US).</summary>
    [JsonIgnore]
    public string LanguageTag => Locale.Replace('_', '-');

    /// <summary>The locale's country (en_US → US), as X-IG-App-Startup-Country names it.</summary>
    [JsonIgnore]
    public string Country => Locale.Split('_') is [_, var country, ..] ? country : "US";
}
