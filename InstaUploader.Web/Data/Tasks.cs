namespace InstaUploader.Web.Data;

/// <summary>
/// An operator's task of one kind (bulk upload, warmup, ...). Kind-specific settings live in
/// <see cref="Options"/> (jsonb); the per-account work lives in <see cref="TaskItem"/>s.
/// </summary>
public sealed class AutomationTask : IWorkspaceOwned
{
    public int Id { get; set; }
    public int WorkspaceId { get; set; } = Workspace.DefaultId;
    public required string Kind { get; set; }
    public required string Name { get; set; }
    public string Status { get; set; } = TaskStatuses.Pending;
    public string Log { get; set; } = "";
    public string Options { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public List<TaskItem> Items { get; set; } = [];
    public List<TaskVideo> Videos { get; set; } = [];
}

/// <summary>
/// One unit of work (usually one account of a task), claimed by a worker under a lease.
/// Counters are summed by the worker through the counters routes; its log lines are <see cref="ItemLog"/> rows.
/// </summary>
public sealed class TaskItem
{
    public long Id { get; set; }
    public int TaskId { get; set; }
    public AutomationTask? Task { get; set; }
    public required string Kind { get; set; }
    public int Position { get; set; }
    public int? AccountId { get; set; }
    public Account? Account { get; set; }
    public int? ProxyId { get; set; }
    public int? MediaId { get; set; }
    public string Status { get; set; } = ItemStatuses.Pending;
    public int Priority { get; set; }
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; } = 3;
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>The worker that last claimed the item; unlike <see cref="LeaseOwner"/> it stays once the item finishes.</summary>
    public string? WorkerId { get; set; }

    /// <summary>The trace of the item's last claim, to find its spans in the dashboard.</summary>
    public string? TraceId { get; set; }

    /// <summary>"attempt: error" for every attempt that failed, oldest first.</summary>
    public List<string> AttemptErrors { get; set; } = [];
    public DateTimeOffset RunAfter { get; set; }

    /// <summary>
    /// When the posting calendar planned the item to go out (an operator may move it); null for unscheduled work.
    /// Queueing sets <see cref="RunAfter"/> to it, so the claim never takes the item earlier.
    /// </summary>
    public DateTimeOffset? DueAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>The item failed for a reason another attempt cannot fix (the worker said not retryable: a wrong password, a ban).</summary>
    public bool PermanentFailure { get; set; }
    public string? Result { get; set; }
    public int Success { get; set; }
    public int Failed { get; set; }
    public int Likes { get; set; }
    public int Follows { get; set; }
    public int Viewed { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A video of a bulk upload task with its per-video caption parts.</summary>
public sealed class TaskVideo
{
    public int Id { get; set; }
    public int TaskId { get; set; }
    public int MediaId { get; set; }
    public MediaFile? Media { get; set; }
    public int Order { get; set; }
    public string? Title { get; set; }
    public string? Location { get; set; }
    public string? Mentions { get; set; }
}

