namespace InstaUploader.Sandbox;

public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>Chromium binary the Dolphin Anty stand-in launches (Debian's package by default).</summary>
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>Run the Dolphin-started browsers headless (the real Dolphin shows a window).</summary>
    public bool Headless { get; set; } = true;
}
