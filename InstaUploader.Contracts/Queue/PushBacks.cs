namespace InstaUploader.Contracts.Queue;

/// <summary>
/// How Instagram pushed back on a run that failed (a completion's push_back): the pacing signals that cut an
/// account's pace and start its cool-down. The account states that need a person travel as account_status instead.
/// </summary>
public static class PushBacks
{
    /// <summary>429 or "Please wait a few minutes before you try again".</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>feedback_required: Instagram refused the action ("Try Again Later").</summary>
    public const string FeedbackRequired = "feedback_required";

    /// <summary>feedback_required naming an action block ("Action Blocked", "We restrict certain activity").</summary>
    public const string ActionBlocked = "action_blocked";

    public static readonly string[] All = [RateLimited, FeedbackRequired, ActionBlocked];
}
