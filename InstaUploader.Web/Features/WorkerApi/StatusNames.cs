using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Accepts the status words older workers send (RUNNING, COMPLETED, success…) and maps them to ours. The original
/// runners send PENDING, RUNNING, COMPLETED, PARTIALLY_COMPLETED (some accounts or videos failed) and FAILED; we
/// have no partial state, so a partly successful run counts as completed and the failed items say what failed.
/// </summary>
public static class StatusNames
{
    public static string? Task(string status) => status.Trim().ToLowerInvariant() switch
    {
        "pending" or "queued" => TaskStatuses.Pending,
        "running" or "in_progress" or "started" => TaskStatuses.Running,
        "completed" or "done" or "success" or "finished" or "partially_completed" or "partial" => TaskStatuses.Completed,
        "failed" or "error" => TaskStatuses.Failed,
        "cancelled" or "canceled" => TaskStatuses.Cancelled,
        _ => null,
    };

    public static string? Item(string status) => status.Trim().ToLowerInvariant() switch
    {
        "pending" => ItemStatuses.Pending,
        "queued" => ItemStatuses.Queued,
        "running" or "in_progress" or "started" => ItemStatuses.InProgress,
        "done" or "completed" or "success" or "finished" or "partially_completed" or "partial" => ItemStatuses.Done,
        "failed" or "error" => ItemStatuses.Failed,
        "cancelled" or "canceled" => ItemStatuses.Cancelled,
        _ => null,
    };
}
