using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Queue;

/// <summary>One log line of an item; project is its task (the original worker's name).</summary>
public sealed record LogRequest(
    [property: JsonPropertyName("project")] int? Project,
    [property: JsonPropertyName("query")] long? Query,
    [property: JsonPropertyName("log_data"), MaxLength(ProtocolLimits.MaxText)] string? LogData);

public sealed record LogAnswer(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("project")] int? Project,
    [property: JsonPropertyName("query")] long Query,
    [property: JsonPropertyName("log_data")] string? LogData,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);

/// <summary>
/// Lines of one or more items appended in order (project may be left out) and counts added to them, in one statement
/// under the batch's Idempotency-Key.
/// </summary>
public sealed record LogBatchRequest(
    [property: JsonPropertyName("lines")] IReadOnlyList<LogRequest?>? Lines,
    [property: JsonPropertyName("counters")] IReadOnlyList<LogBatchCounters?>? Counters = null);

/// <summary>Counts to add to one claimed item in a log batch; absent counts are zero.</summary>
public sealed record LogBatchCounters(
    [property: JsonPropertyName("query")] long? Query,
    [property: JsonPropertyName("success")] int? Success = null,
    [property: JsonPropertyName("failed")] int? Failed = null,
    [property: JsonPropertyName("likes")] int? Likes = null,
    [property: JsonPropertyName("follows")] int? Follows = null,
    [property: JsonPropertyName("viewed")] int? Viewed = null);

/// <summary>duplicate: the batch's Idempotency-Key was already applied; unknown_queries: ids with no item.</summary>
public sealed record LogBatchAnswer(
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("duplicate")] bool Duplicate,
    [property: JsonPropertyName("appended")] int Appended,
    [property: JsonPropertyName("unknown_queries")] IReadOnlyList<long> UnknownQueries);
