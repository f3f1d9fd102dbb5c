namespace InstaUploader.Instagram.Dolphin;

/// <summary>
/// Where the Dolphin Anty app's local API listens and the API token it is signed in with. The same "Dolphin" section
/// holds the Web's remote-API keys (RemoteApiUrl and the profile defaults, <c>DolphinRemoteOptions</c>): profiles are
/// created there, not here.
/// </summary>
public sealed class DolphinOptions
{
    public const string Section = "Dolphin";

    /// <summary>The local API origin; Dolphin picks the next free port when 3001 is taken.</summary>
    public Uri ApiHost { get; set; } = new("http://localhost:3001/");

    /// <summary>JWT from the Dolphin panel; when set it is sent to <c>/v1.0/auth/login-with-token</c> before starting profiles.</summary>
    public string? ApiToken { get; set; }
}
