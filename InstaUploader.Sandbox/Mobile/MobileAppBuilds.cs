namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// The Instagram for Android builds the Sandbox knows, each with the Bloks id that ships with it (instagrapi
/// config.py:28-43, APP_SETTINGS, plus <see cref="SandboxOptions.MobileAppBuilds"/>), and which of them it still serves.
/// </summary>
internal sealed class MobileAppBuilds
{
    /// <summary>instagrapi's DEFAULT_APP_VERSION (config.py:27): the build served when no allowed set is configured.</summary>
    public const string Current = "428.0.0.47.67";

    private static readonly Dictionary<string, string> Reference = new(StringComparer.Ordinal)
    {
        [Current] = "7189b949425f9bf80ea8bd880cf5a3080b292d9b1c4b38a18d112f7c4b71e7a8",
        ["364.0.0.35.86"] = "8ccf54aad76788a6ca03ddfc33afcdcf692f2f5a3ba814ea73d5facba7fa2c2d",
        ["385.0.0.47.74"] = "a8973d49a9cc6a6f65a4997c10216ce2a06f65a517010e64885e92029bb19221",
    };

    private readonly Dictionary<string, string> _bloksIds;
    private readonly HashSet<string> _allowed;

    public MobileAppBuilds(SandboxOptions options)
    {
        _bloksIds = new Dictionary<string, string>(Reference, StringComparer.Ordinal);
        foreach (var (version, bloksId) in options.MobileAppBuilds)
        {
            _bloksIds[version] = bloksId;
        }

        _allowed = new HashSet<string>(options.MobileAllowedAppVersions is { Count: > 0 } allowed ? allowed : [Current], StringComparer.Ordinal);
    }

    public bool IsAllowed(string version) => _allowed.Contains(version);

    public bool BelongsTo(string version, string bloksId) =>
        _bloksIds.TryGetValue(version, out var expected) && string.Equals(expected, bloksId, StringComparison.Ordinal);

    /// <summary>Allowed versions the Sandbox has no Bloks id for (it could not check them): a configuration error.</summary>
    public IEnumerable<string> Unknown() => _allowed.Where(v => !_bloksIds.ContainsKey(v));
}
