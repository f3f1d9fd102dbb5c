using InstaUploader.Instagram.Mobile;

namespace InstaUploader.Instagram;

/// <summary>Where the external services live. In production the real hosts; in tests and demos the Sandbox.</summary>
public sealed class InstagramOptions
{
    public const string Section = "Instagram";

    /// <summary>Instagram web (www.instagram.com).</summary>
    public Uri WebBaseUrl { get; set; } = new("https://www.instagram.com/");

    /// <summary>Instagram private mobile API host (i.instagram.com); paths start with /api/v1/.</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://i.instagram.com/");

    /// <summary>Human-like pause range between UI actions; zero in tests.</summary>
    public int MinActionDelayMs { get; set; } = 800;
    public int MaxActionDelayMs { get; set; } = 2500;

    /// <summary>
    /// How long to wait before asking again when configure answers 202 "Transcode not finished yet", and how many
    /// times to ask; instagrapi mixins/clip.py clip_upload waits 10 s and asks up to 50 times.
    /// </summary>
    public TimeSpan TranscodePollInterval { get; set; } = TimeSpan.FromSeconds(2);
    public int TranscodePollAttempts { get; set; } = 50;

    /// <summary>The app build and phones the mobile client presents (Instagram:App); see <see cref="MobileAppIdentity"/>.</summary>
    public MobileAppIdentity App { get; set; } = MobileAppIdentity.Embedded();
}
