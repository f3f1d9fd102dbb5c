namespace InstaUploader.Web.Data;

/// <summary>A video or image in the media library, stored on disk under the media root.</summary>
public sealed class MediaFile : IWorkspaceOwned
{
    public int Id { get; set; }

    /// <summary>The owning workspace; <see cref="Shares"/> lends it to others.</summary>
    public int WorkspaceId { get; set; } = Workspace.DefaultId;
    public List<MediaShare> Shares { get; set; } = [];
    public required string Kind { get; set; }
    public required string FileName { get; set; }
    public required string StoredPath { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public required string Sha256 { get; set; }
    public double? DurationSeconds { get; set; }
    public int? SourceMediaId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class MediaKind
{
    public const string Video = "video";
    public const string Image = "image";
}
