using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace InstaUploader.Instagram.Mobile;

/// <summary>
/// Which Instagram for Android build the client presents itself as, and the phones it may run on: a versioned data
/// set (<c>app-identity.json</c>, embedded; defaults are instagrapi's current ones, config.py:15-43) so a new app
/// version is a configuration change, not a release. Bound at <c>Instagram:App</c>: <see cref="File"/> replaces the
/// whole data set, single keys (<c>Instagram:App:Version</c>, <c>VersionCode</c>, <c>BloksVersionId</c>) override it.
/// Instagram answers builds it no longer supports with needs_upgrade, and checks the Bloks id against the build.
/// </summary>
public sealed partial class MobileAppIdentity
{
    public const string Section = "Instagram:App";
    private const string Resource = "InstaUploader.Instagram.Mobile.Identity.app-identity.json";

    /// <summary>The data set's own version, raised whenever its values change.</summary>
    [JsonPropertyName("data_set_version")] public int DataSetVersion { get; set; }

    /// <summary>The app build, e.g. 428.0.0.47.67.</summary>
    [JsonPropertyName("app_version")] public string Version { get; set; } = "";

    /// <summary>The build's Android version code, the user agent's last field.</summary>
    [JsonPropertyName("version_code")] public string VersionCode { get; set; } = "";

    /// <summary>The Bloks (server-driven UI) schema id that ships with this build; it belongs to the version, never derived.</summary>
    [JsonPropertyName("bloks_versioning_id")] public string BloksVersionId { get; set; } = "";

    /// <summary>Instagram for Android's Facebook app id (X-IG-App-ID).</summary>
    [JsonPropertyName("app_id")] public string AppId { get; set; } = "";

    /// <summary>The phones a new account's device is drawn from (configuration adds to these; a file replaces them).</summary>
    [JsonPropertyName("devices")] public List<MobileDeviceProfile> Devices { get; set; } = [];

    /// <summary>A JSON file in this shape that replaces the embedded data set.</summary>
    [JsonIgnore] public string? File { get; set; }

    /// <summary>instagrapi's user agent format (config.py:7-12).</summary>
    public string UserAgent(MobileDeviceProfile device) => string.Create(CultureInfo.InvariantCulture,
        $"Instagram {Version} Android ({device.AndroidVersion}/{device.AndroidRelease}; {device.Dpi}; {device.Resolution}; " +
        $"{device.Manufacturer}; {device.Model}; {device.Device}; {device.Cpu}; {device.Locale}; {VersionCode})");

    /// <summary>A phone for a new device, chosen at random among <see cref="Devices"/>.</summary>
    public MobileDeviceProfile PickDevice() => Devices[Random.Shared.Next(Devices.Count)];

    /// <summary>The embedded data set (a fresh copy: options bind into it).</summary>
    public static MobileAppIdentity Embedded()
    {
        using var stream = typeof(MobileAppIdentity).Assembly.GetManifestResourceStream(Resource)
                           ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing.");
        return Read(stream, Resource);
    }

    public static MobileAppIdentity FromFile(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>What is wrong with the data set, one line each; empty when the client can present it.</summary>
    public IEnumerable<string> Problems()
    {
        if (DataSetVersion < 1)
        {
            yield return "data_set_version must be 1 or more.";
        }

        if (!AppVersionPattern().IsMatch(Version))
        {
            yield return $"Version '{Version}' is not an app version like 428.0.0.47.67.";
        }

        if (!Digits().IsMatch(VersionCode))
        {
            yield return $"VersionCode '{VersionCode}' must be digits.";
        }

        if (!BloksIdPattern().IsMatch(BloksVersionId))
        {
            yield return "BloksVersionId must be the 64 hex digits that ship with the app version.";
        }

        if (!Digits().IsMatch(AppId))
        {
            yield return $"AppId '{AppId}' must be digits.";
        }

        if (Devices.Count == 0)
        {
            yield return "Devices must name at least one phone.";
        }

        foreach (var (device, index) in Devices.Select((d, i) => (d, i)))
        {
            if (new[] { device.Manufacturer, device.Model, device.Device, device.Cpu, device.AndroidRelease }.Any(string.IsNullOrWhiteSpace)
                || device.AndroidVersion < 1 || !device.Dpi.EndsWith("dpi", StringComparison.Ordinal)
                || !ResolutionPattern().IsMatch(device.Resolution) || !LocalePattern().IsMatch(device.Locale))
            {
                yield return $"Devices[{index}] needs manufacturer, model, device, cpu, android_version, android_release, " +
                             "dpi like 480dpi, resolution like 1080x1920 and locale like en_US.";
            }
        }
    }

    private static MobileAppIdentity Read(Stream stream, string source) =>
        JsonSerializer.Deserialize<MobileAppIdentity>(stream) ?? throw new InvalidOperationException($"{source} holds no app identity.");

    [GeneratedRegex(@"^\d+(\.\d+){3,4}$")]
    private static partial Regex AppVersionPattern();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex Digits();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex BloksIdPattern();

    [GeneratedRegex(@"^\d+x\d+$")]
    private static partial Regex ResolutionPattern();

    [GeneratedRegex("^[a-z]{2,3}_[A-Z]{2}$")]
    private static partial Regex LocalePattern();
}
