using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Worker.Runners.Common;

/// <summary>Retry and pacing policy of the Instagram runners (configuration section "Runners").</summary>
public sealed class RunnerOptions
{
    public const string Section = "Runners";

    /// <summary>Backoff after a 429 that came without Retry-After.</summary>
    [Range(1, 86_400)]
    public int RateLimitBackoffSeconds { get; set; } = 300;

    /// <summary>feedback_required ("Try Again Later") is an action block: back off for much longer than a 429.</summary>
    [Range(1, 7 * 86_400)]
    public int FeedbackBackoffSeconds { get; set; } = 6 * 3600;

    /// <summary>How often one reel is tried within a run when its upload connection breaks.</summary>
    [Range(1, 10)]
    public int UploadTriesPerVideo { get; set; } = 3;

    /// <summary>Pause between two tries of a broken upload.</summary>
    [Range(0, 600_000)]
    public int UploadRetryDelayMs { get; set; } = 1000;
}
