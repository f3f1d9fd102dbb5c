using System.Text.Json.Serialization;

namespace InstaUploader.Contracts.Media;

/// <summary>What the Web stored for a file a worker uploaded (a uniquified copy); duplicate: the same bytes were there already.</summary>
public sealed record UploadedMedia(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("file_name")] string FileName,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size_bytes")] long SizeBytes,
    [property: JsonPropertyName("duration_seconds")] double? DurationSeconds,
    [property: JsonPropertyName("source_media_id")] int? SourceMediaId,
    [property: JsonPropertyName("duplicate")] bool Duplicate);
