using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Control;

/// <summary>The Web starts a bulk upload on a worker; the worker then claims the task's items (mode "pull").</summary>
public sealed record BulkStartRequest(
    [property: JsonPropertyName("mode")] string? Mode,
    [property: JsonPropertyName("task_id")] int? TaskId,
    [property: JsonPropertyName("options")] StartOptions? Options)
{
    public const string PullMode = "pull";
}

public sealed record StartOptions(
    [property: JsonPropertyName("concurrency")] int? Concurrency,
    [property: JsonPropertyName("headless")] bool? Headless,
    [property: JsonPropertyName("visible")] bool? Visible,
    [property: JsonPropertyName("batch_index")] int? BatchIndex,
    [property: JsonPropertyName("batch_count")] int? BatchCount,
    [property: JsonPropertyName("upload_method")] string? UploadMethod);

public sealed record StartAnswer(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("accepted")] bool Accepted);

/// <summary>A nudge: claim now. query_id is a hint only; claim_next picks the item.</summary>
public sealed record ProcessQueryRequest(
    [property: JsonPropertyName("query_id")] int? QueryId,
    [property: JsonPropertyName("webbuddy_url")] string? WebbuddyUrl);

public sealed record ProcessQueryAnswer([property: JsonPropertyName("status")] string Status)
{
    public static readonly ProcessQueryAnswer Accepted = new("accepted");
}

/// <summary>A job (one start request's run on a worker): the original JobStatus fields and ours beside them.</summary>
public sealed record JobStatus(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("task_id")] int? TaskId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("successful_accounts")] int SuccessfulAccounts,
    [property: JsonPropertyName("failed_accounts")] int FailedAccounts,
    [property: JsonPropertyName("total_uploaded")] int TotalUploaded,
    [property: JsonPropertyName("total_failed_uploads")] int TotalFailedUploads,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("running")] int Running,
    [property: JsonPropertyName("done")] int Done,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("accepted_at")] DateTimeOffset AcceptedAt,
    [property: JsonPropertyName("last_activity_at")] DateTimeOffset? LastActivityAt,
    [property: JsonPropertyName("options")] StartOptions? Options);

public sealed record HealthAnswer([property: JsonPropertyName("ok")] bool Ok);

/// <summary>The original worker's resource stats for one process.</summary>
public sealed record ResourceUsage(
    [property: JsonPropertyName("memory_mb")] double MemoryMb,
    [property: JsonPropertyName("cpu_percent")] double CpuPercent,
    [property: JsonPropertyName("num_threads")] int NumThreads,
    [property: JsonPropertyName("timestamp")] string Timestamp);

public sealed record WorkerConfiguration(
    [property: JsonPropertyName("worker_name")] string WorkerName,
    [property: JsonPropertyName("worker_capacity")] int WorkerCapacity,
    [property: JsonPropertyName("ui_api_configured")] bool UiApiConfigured,
    [property: JsonPropertyName("heartbeat_interval")] int HeartbeatInterval);

/// <summary>GET /api/v1/status: the original worker's fields (service … configuration) and ours after them.</summary>
public sealed record WorkerStatus(
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("active_tasks")] int ActiveTasks,
    [property: JsonPropertyName("resource_usage")] ResourceUsage ResourceUsage,
    [property: JsonPropertyName("configuration")] WorkerConfiguration Configuration,
    [property: JsonPropertyName("worker_id")] string WorkerId,
    [property: JsonPropertyName("active_jobs")] int ActiveJobs,
    [property: JsonPropertyName("metrics")] Registry.WorkerMetrics Metrics,
    [property: JsonPropertyName("trace_id")] string? TraceId);

/// <summary>GET /api/v1/health/simple, as the original Web polls it.</summary>
public sealed record SimpleHealth(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("status")] string Status);

public sealed record ServiceStatus(
    [property: JsonPropertyName("shutdown_requested")] bool ShutdownRequested,
    [property: JsonPropertyName("active_tasks_count")] int ActiveTasksCount,
    [property: JsonPropertyName("active_task_ids")] IReadOnlyList<string> ActiveTaskIds);

/// <summary>GET /api/v1/metrics in the original worker's shape.</summary>
public sealed record WorkerMetricsAnswer(
    [property: JsonPropertyName("counters")] IReadOnlyDictionary<string, long> Counters,
    [property: JsonPropertyName("gauges")] IReadOnlyDictionary<string, long> Gauges,
    [property: JsonPropertyName("running_jobs_count")] int RunningJobsCount,
    [property: JsonPropertyName("running_job_ids")] IReadOnlyList<string> RunningJobIds,
    [property: JsonPropertyName("resource_usage")] ResourceUsage ResourceUsage,
    [property: JsonPropertyName("service_status")] ServiceStatus ServiceStatus);

/// <summary>GET /api/v1/locks: the tasks with items in progress on any replica.</summary>
public sealed record WorkerLocks(
    [property: JsonPropertyName("active_locks")] IReadOnlyList<string> ActiveLocks,
    [property: JsonPropertyName("count")] int Count);
