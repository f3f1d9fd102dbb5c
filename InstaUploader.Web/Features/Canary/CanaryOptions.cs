namespace InstaUploader.Web.Features.Canary;

/// <summary>
/// The scheduled web canary: which account walks instagram.com's pages and how often. Off while
/// <see cref="Account"/> is empty; an operator can still run one at any time (a <c>web_canary</c> task).
/// </summary>
public sealed class CanaryOptions
{
    public const string Section = "Canary";

    /// <summary>The Web's username of the account the canary logs in with; empty turns the schedule off.</summary>
    public string? Account { get; set; }

    /// <summary>How often a canary is queued.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A profile whose Follow button is checked; skipped when empty.</summary>
    public string? Profile { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Account);

    /// <summary>A canary logs in and walks six pages, so more often than this would look like a bot and prove nothing new.</summary>
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromMinutes(5);
}
