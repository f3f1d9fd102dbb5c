using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Control;

/// <summary>A start call a worker accepted, recorded in the Web (POST /api/worker-jobs) so any replica can answer for it.</summary>
public sealed record JobRecord(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("task_id")] int TaskId,
    [property: JsonPropertyName("worker_id")] string WorkerId,
    [property: JsonPropertyName("options")] StartOptions? Options);
