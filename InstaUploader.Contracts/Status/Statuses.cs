namespace InstaUploader.Contracts;

public static class TaskStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Pending, Running, Completed, Failed, Cancelled];
    public static bool IsTerminal(string s) => s is Completed or Failed or Cancelled;
}

/// <summary>A work item's statuses: claimed work is queued, in_progress, done or failed; plus pending (not yet started) and cancelled.</summary>
public static class ItemStatuses
{
    public const string Pending = "pending";
    public const string Queued = "queued";
    public const string InProgress = "in_progress";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Pending, Queued, InProgress, Done, Failed, Cancelled];
    public static bool IsTerminal(string s) => s is Done or Failed or Cancelled;
}

/// <summary>The literal job statuses of the original worker's JobStatus model (a job is one start request's run on a worker).</summary>
public static class JobStatuses
{
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
}

/// <summary>What a worker may report about an Instagram account after a run.</summary>
public static class AccountStatuses
{
    public const string Active = "active";
    public const string LoginRequired = "login_required";
    public const string Challenge = "challenge";
    public const string Banned = "banned";
    public const string Disabled = "disabled";

    public static readonly string[] All = [Active, LoginRequired, Challenge, Banned, Disabled];
}
