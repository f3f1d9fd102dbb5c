namespace InstaUploader.Web.Features.Media;

/// <summary>
/// Where the media library lives and how big an upload may be. <c>Media:Store</c> picks the store: <c>FileSystem</c>
/// (the default, one host: <c>./run.sh</c>) keeps files under <c>Media:Root</c> (or <c>MEDIA_ROOT</c>; relative paths
/// are resolved against the content root; the temp-directory default suits development and tests only);
/// <c>S3</c> keeps them in one bucket every Web replica shares (<see cref="S3MediaOptions"/>), and <c>Media:Root</c>
/// only holds uploads while they are being received.
/// </summary>
public sealed class MediaOptions
{
    public const string Section = "Media";
    public const long DefaultMaxBytes = 500L * 1024 * 1024;

    public MediaStoreKind Store { get; set; } = MediaStoreKind.FileSystem;

    public string Root { get; set; } = Path.Combine(Path.GetTempPath(), "instauploader-media");

    public S3MediaOptions S3 { get; set; } = new();

    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>ffprobe executable for video durations; when it is missing durations are left empty.</summary>
    public string FfprobePath { get; set; } = "ffprobe";

    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

public enum MediaStoreKind
{
    FileSystem,
    S3,
}
