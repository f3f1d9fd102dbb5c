namespace InstaUploader.Web.Features.Media;

/// <summary>
/// Where the media library lives and how big an upload may be. <c>Media:Root</c> (or <c>MEDIA_ROOT</c>); relative
/// paths are resolved against the content root. The default is a folder in the system temp directory, which suits
/// development and tests only: production sets a persistent volume.
/// </summary>
public sealed class MediaOptions
{
    public const string Section = "Media";
    public const long DefaultMaxBytes = 500L * 1024 * 1024;

    public string Root { get; set; } = Path.Combine(Path.GetTempPath(), "instauploader-media");

    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>ffprobe executable for video durations; when it is missing durations are left empty.</summary>
    public string FfprobePath { get; set; } = "ffprobe";

    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
