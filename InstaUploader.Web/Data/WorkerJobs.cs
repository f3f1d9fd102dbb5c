namespace InstaUploader.Web.Data;

/// <summary>
/// A start call a worker replica accepted (docs/protocol.md#worker-api). Kept here rather than in the replica so a job
/// asked for through the shared worker endpoint answers the same whichever replica the request lands on; its progress
/// is read from its task's items.
/// </summary>
public sealed class WorkerJob
{
    public required string Id { get; set; }
    public required string Kind { get; set; }
    public int TaskId { get; set; }
    public required string WorkerId { get; set; }
    public string? Options { get; set; }
    public DateTimeOffset AcceptedAt { get; set; }
}
