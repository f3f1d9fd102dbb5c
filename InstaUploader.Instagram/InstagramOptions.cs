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
}
