using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox;

public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>Chromium binary the Dolphin Anty stand-in launches (Debian's package by default).</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>Run the Dolphin-started browsers headless (the real Dolphin shows a window).</summary>
    public bool Headless { get; set; } = true;

    /// <summary>
    /// The Dolphin panel's API token. The remote API always wants a bearer token (this one when set, else any);
    /// the local API wants it (via <c>POST /v1.0/auth/login-with-token</c> or a bearer) once set, like the real
    /// app after sign-in, and is open while empty.
    /// </summary>
    public string? DolphinApiToken { get; set; }

    /// <summary>
    /// Whether the mobile login also takes <c>#PWD_INSTAGRAM:0:</c> (clear-text) passwords. Off by default: like the
    /// real service, the Sandbox wants version 4 (encrypted with the key from <c>/api/v1/qe/sync/</c>).
    /// </summary>
    public bool MobileAcceptPlainPasswords { get; set; }

    /// <summary>
    /// How long a video is "transcoding" after its last byte arrived: configure answers 202 "Transcode not finished
    /// yet" until then, as instagrapi mixins/clip.py clip_upload expects (it polls every 10 s, up to 50 times).
    /// </summary>
    public double TranscodeSeconds { get; set; } = 1;

    /// <summary>
    /// The Instagram for Android versions the mobile API still serves; any other gets needs_upgrade. Empty: only the
    /// reference's current build (instagrapi config.py:27).
    /// </summary>
    public List<string> MobileAllowedAppVersions { get; set; } = [];

    /// <summary>Builds to know beyond the reference's (config.py:28-43): app version to the Bloks id that ships with it.</summary>
    public Dictionary<string, string> MobileAppBuilds { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a Dolphin start waits for Chromium's DevTools endpoint to answer.</summary>
    public int BrowserStartTimeoutSeconds { get; set; } = 20;

    /// <summary>Per-account and per-IP limits that answer feedback_required and 429 (off unless configured).</summary>
    public SandboxLimits Limits { get; set; } = new();
}
