namespace InstaUploader.Web.Data;

/// <summary>A worker replica known to the control plane (docs/protocol.md#registration).</summary>
public sealed class WorkerNode
{
    public required string Id { get; set; }
    public required string BaseUrl { get; set; }
    public string? Version { get; set; }
    public string Status { get; set; } = WorkerStatuses.Online;
    public int ActiveJobs { get; set; }
    public int Capacity { get; set; }
    public string? Metrics { get; set; }
    public bool RestartRequested { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset LastHeartbeatAt { get; set; }

    /// <summary>The secret the worker announced at registration; the Web presents it on nudges. Never shown.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? NudgeToken { get; set; }

    /// <summary>Live: heartbeating within <paramref name="offlineAfter"/> and not marked offline or draining.</summary>
    public static System.Linq.Expressions.Expression<Func<WorkerNode, bool>> IsLive(DateTimeOffset now, TimeSpan offlineAfter)
    {
        var cutoff = now - offlineAfter;
        return w => w.Status == WorkerStatuses.Online && w.LastHeartbeatAt >= cutoff;
    }
}

public static class WorkerStatuses
{
    public const string Online = "online";
    public const string Offline = "offline";
    public const string Draining = "draining";
}

/// <summary>A TTL lock on (kind, task) so a task is dispatched once at a time (docs/protocol.md#locks).</summary>
public sealed class TaskLock
{
    public required string Key { get; set; }
    public required string Owner { get; set; }
    public DateTimeOffset AcquiredAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class WorkerError
{
    public long Id { get; set; }
    public required string WorkerId { get; set; }
    public required string Message { get; set; }
    public string? Kind { get; set; }
    public string? Details { get; set; }
    public long? ItemId { get; set; }
    public DateTimeOffset At { get; set; }
}

public sealed class WorkerMetricSample
{
    public long Id { get; set; }
    public required string WorkerId { get; set; }
    public required string Metrics { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>An item's log lines, append-only: the one store of item logs (docs/protocol.md#logs).</summary>
public sealed class ItemLog
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public int? TaskId { get; set; }
    public required string Message { get; set; }
    public DateTimeOffset At { get; set; }
}

public sealed class FollowCategory : IWorkspaceOwned
{
    public int Id { get; set; }
    public int WorkspaceId { get; set; } = Workspace.DefaultId;
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<FollowTarget> Targets { get; set; } = [];
}

public sealed class FollowTarget
{
    public int Id { get; set; }
    public int CategoryId { get; set; }
    public required string Username { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An Idempotency-Key already applied: a retried non-idempotent write (counters, log append) is not applied twice.</summary>
public sealed class ProcessedRequest
{
    public required string Key { get; set; }
    public DateTimeOffset At { get; set; }
}
