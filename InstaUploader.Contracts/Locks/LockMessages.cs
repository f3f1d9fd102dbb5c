using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Locks;

public sealed record AcquireRequest(
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("owner")] string? Owner,
    [property: JsonPropertyName("ttl_seconds"), Range(1, 86400)] int? TtlSeconds);

public sealed record ReleaseRequest(
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("owner")] string? Owner);

public sealed record AcquireAnswer(
    [property: JsonPropertyName("acquired")] bool Acquired,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt);

public sealed record ReleaseAnswer(
    [property: JsonPropertyName("released")] bool Released,
    [property: JsonPropertyName("key")] string Key);
