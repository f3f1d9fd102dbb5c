using System.Globalization;

namespace InstaUploader.Contracts;

/// <summary>The worker's own routes, which the Web calls: health, status, start nudges, process-query and job status.</summary>
public static class ControlRoutes
{
    public const string Prefix = "/api/v1";
    public const string Health = Prefix + "/health";
    public const string StatusTemplate = "/status";
    public const string Status = Prefix + StatusTemplate;
    public const string SimpleHealth = Prefix + "/health/simple";
    public const string MetricsTemplate = "/metrics";
    public const string LocksTemplate = "/locks";
    public const string Jobs = "/jobs";
    public const string JobStatusTemplate = "/jobs/{job_id}/status";
    public const string BulkStart = Prefix + "/bulk-tasks/start";
    public const string ProcessQuery = "/api/process-query";

    /// <summary>The start template of a kind started with ?task_id= (relative to <see cref="Prefix"/>).</summary>
    public static string StartTemplate(string segment) => $"/{segment}/start";

    /// <summary>The start call of a kind started with ?task_id= (every kind but bulk upload).</summary>
    public static string Start(string kind, int taskId, int batchIndex, int batchCount) => string.Create(CultureInfo.InvariantCulture,
        $"{Prefix}/{StartPaths.Segment(kind)}/start?task_id={taskId}&batch_index={batchIndex}&batch_count={batchCount}");

    public static string JobStatus(string jobId) => $"{Prefix}/jobs/{jobId}/status";
}
