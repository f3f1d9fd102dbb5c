using System.Globalization;

namespace InstaUploader.Contracts;

/// <summary>
/// The routes the Web serves to workers: templates (relative to <see cref="Prefix"/>, as the Web maps them) and the
/// builders a worker calls them with. Docs: docs/protocol.md.
/// </summary>
public static class WorkerRoutes
{
    public const string Prefix = "/api";

    public const string ClaimNextTemplate = "/queries/claim_next/";
    public const string CompleteTemplate = "/queries/{id}/";
    public const string CompleteBatchTemplate = "/queries/complete/";
    public const string RenewTemplate = "/queries/{id:long}/lease/";
    public const string RenewBatchTemplate = "/queries/leases/";
    public const string ReleaseTemplate = "/queries/{id:long}/release/";
    public const string LogTemplate = "/logs/";
    public const string LogBatchTemplate = "/logs/batch/";

    /// <summary>Route constraint of the generic kinds' routes (<c>/api/{kind}/...</c>).</summary>
    public const string KindSegment = "{kind:regex(^(bulk_login|warmup|avatar|bio|follow|proxy_diag|media_uniq|cookie_robot)$)}";

    public const string BulkTaskStatusTemplate = "/bulk-tasks/{id:int}/status";
    public const string BulkItemStatusTemplate = "/bulk-accounts/{id:long}/status";
    public const string BulkCountersTemplate = "/bulk-accounts/{id:long}/counters";
    public const string BulkAggregateTemplate = "/bulk-tasks/{id:int}/aggregate";
    public const string TaskStatusTemplate = "/" + KindSegment + "/{id:int}/status";
    public const string ItemStatusTemplate = "/" + KindSegment + "/accounts/{id:long}/status";
    public const string CountersTemplate = "/" + KindSegment + "/accounts/{id:long}/counters";
    public const string AggregateTemplate = "/" + KindSegment + "/{id:int}/aggregate";

    public const string WorkersGroup = "/api/workers";
    public const string RegisterTemplate = "/register";
    public const string HeartbeatTemplate = "/heartbeat";
    public const string MetricsTemplate = "/metrics";
    public const string ErrorsTemplate = "/errors";

    public const string Register = WorkersGroup + RegisterTemplate;
    public const string Heartbeat = WorkersGroup + HeartbeatTemplate;
    public const string Metrics = WorkersGroup + MetricsTemplate;
    public const string Errors = WorkersGroup + ErrorsTemplate;
    public const string CompleteBatch = Prefix + CompleteBatchTemplate;
    public const string RenewBatch = Prefix + RenewBatchTemplate;
    public const string Log = Prefix + LogTemplate;
    public const string LogBatch = Prefix + LogBatchTemplate;

    public static string ClaimNext(int limit, int leaseSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}/queries/claim_next/?limit={limit}&lease_seconds={leaseSeconds}");

    public static string Complete(string id) => $"{Prefix}/queries/{id}/";

    public static string Release(string id) => $"{Prefix}/queries/{id}/release/";

    /// <summary>The counters route of an item of <paramref name="kind"/>.</summary>
    public static string Counters(string kind, string itemId) =>
        kind == TaskKinds.BulkUpload ? $"{Prefix}/bulk-accounts/{itemId}/counters" : $"{Prefix}/{kind}/accounts/{itemId}/counters";

    public static string ItemStatus(string kind, string itemId) =>
        kind == TaskKinds.BulkUpload ? $"{Prefix}/bulk-accounts/{itemId}/status" : $"{Prefix}/{kind}/accounts/{itemId}/status";

    public static string TaskStatus(string kind, int taskId) =>
        kind == TaskKinds.BulkUpload
            ? string.Create(CultureInfo.InvariantCulture, $"{Prefix}/bulk-tasks/{taskId}/status")
            : string.Create(CultureInfo.InvariantCulture, $"{Prefix}/{kind}/{taskId}/status");

    public static string Aggregate(string kind, int taskId) =>
        kind == TaskKinds.BulkUpload
            ? string.Create(CultureInfo.InvariantCulture, $"{Prefix}/bulk-tasks/{taskId}/aggregate")
            : string.Create(CultureInfo.InvariantCulture, $"{Prefix}/{kind}/{taskId}/aggregate");

    public static string AccountSession(int accountId) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}/accounts/{accountId}/session");

    public static string MediaDownload(int mediaId) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}/media/{mediaId}/download");

    public static string ProxyDiagnostics(int proxyId) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}/proxies/{proxyId}/diagnostics");

    public const string MediaDownloadTemplate = "/media/{video_id:int}/download";
    public const string AvatarDownloadTemplate = "/avatar-media/{image_id:int}/download";

    /// <summary>The original worker's path for an avatar image.</summary>
    public const string ImageDownloadTemplate = "/media/images/{image_id:int}/download";

    /// <summary>The original worker's registration routes (no worker id: it is known by its name or base URL).</summary>
    public const string OriginalWorkerGroup = Prefix + "/worker";

    public const string AccountSessionTemplate = "/{id:int}/session";
    public const string AccountsGroup = Prefix + "/accounts";
    public const string LocksGroup = Prefix + "/locks";
    public const string LockAcquireTemplate = "/acquire";
    public const string LockReleaseTemplate = "/release";
    public const string ProxiesGroup = Prefix + "/proxies";
    public const string ProxyDiagnosticsTemplate = "/{id:int}/diagnostics";
    public const string MediaUploadTemplate = "/media/upload";

    public static string MediaUpload(int sourceMediaId) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}/media/upload?source_media_id={sourceMediaId}");

    /// <summary>The jobs workers accepted (start calls), kept in the Web so every replica answers for every job.</summary>
    public const string JobsGroup = Prefix + "/worker-jobs";
    public const string JobTemplate = "/{job_id}";

    public static string Job(string jobId) => $"{JobsGroup}/{Uri.EscapeDataString(jobId)}";
}
