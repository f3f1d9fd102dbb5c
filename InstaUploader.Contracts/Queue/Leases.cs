using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Queue;

public sealed record RenewRequest([property: JsonPropertyName("lease_seconds")] int? LeaseSeconds);

public sealed record LeaseAnswer(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("lease_expires_at")] DateTimeOffset LeaseExpiresAt);

public sealed record RenewBatchRequest(
    [property: JsonPropertyName("ids")] IReadOnlyList<long>? Ids,
    [property: JsonPropertyName("lease_seconds")] int? LeaseSeconds);

/// <summary>The leases renewed, and the ids whose lease is no longer the caller's.</summary>
public sealed record RenewBatchAnswer(
    [property: JsonPropertyName("renewed")] IReadOnlyList<LeaseAnswer> Renewed,
    [property: JsonPropertyName("lost")] IReadOnlyList<long> Lost);

/// <summary>An item handed back without spending an attempt: queued again.</summary>
public sealed record ReleaseAnswer(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("status")] string Status);
