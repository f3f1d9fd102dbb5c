using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Media;

/// <summary>A media library entry as shown to operators (the on-disk path stays on the server).</summary>
public sealed record MediaResponse(
    int Id,
    string Kind,
    string FileName,
    string ContentType,
    long SizeBytes,
    string Sha256,
    double? DurationSeconds,
    int? SourceMediaId,
    DateTimeOffset CreatedAt)
{
    public static MediaResponse From(MediaFile m) =>
        new(m.Id, m.Kind, m.FileName, m.ContentType, m.SizeBytes, m.Sha256, m.DurationSeconds, m.SourceMediaId, m.CreatedAt);
}

/// <summary>A stored upload; <see cref="Duplicate"/> when the same bytes were already in the library.</summary>
public sealed record MediaSaved(MediaFile Media, bool Duplicate);
