namespace InstaUploader.Worker.Runners.MediaUniq;

/// <summary>ffmpeg/ffprobe for media_uniq (section <c>MediaUniq</c>) and where copies are made before upload.</summary>
public sealed class MediaUniqOptions
{
    public const string Section = "MediaUniq";

    public string FfmpegPath { get; set; } = "ffmpeg";

    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>Scratch space for copies being made; each item uses its own folder and removes it.</summary>
    public string WorkDir { get; set; } = Path.Combine(Path.GetTempPath(), "instauploader-uniq");

    /// <summary>Limit for one ffmpeg or ffprobe run.</summary>
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Limit for uploading one copy to the Web.</summary>
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far a copy's duration may drift from the source's (the speed change included), as a fraction.</summary>
    public double DurationTolerance { get; set; } = 0.05;
}
