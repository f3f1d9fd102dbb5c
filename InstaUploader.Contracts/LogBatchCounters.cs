using System.Text.Json.Serialization;

namespace InstaUploader.Contracts;

/// <summary>
/// Counts to add to one claimed item, sent beside log lines in POST /api/logs/batch/ {"lines": [...], "counters": [...]}:
/// the batch is applied once under its Idempotency-Key, so a retried batch adds nothing twice. Absent counts are zero.
/// </summary>
public sealed record LogBatchCounters(
    [property: JsonPropertyName("query")] long? Query,
    [property: JsonPropertyName("success")] int? Success = null,
    [property: JsonPropertyName("failed")] int? Failed = null,
    [property: JsonPropertyName("likes")] int? Likes = null,
    [property: JsonPropertyName("follows")] int? Follows = null,
    [property: JsonPropertyName("viewed")] int? Viewed = null);
