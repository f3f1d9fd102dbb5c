using InstaUploader.Web.Data;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace InstaUploader.Web.Features.Media;

/// <summary>
/// The media library on this host's disk under <see cref="MediaOptions.Root"/>: one Web replica, or several sharing
/// one volume. <see cref="GetPath"/> and <see cref="OpenRead"/> refuse anything outside the root.
/// </summary>
public sealed class FileSystemMediaObjects(IOptions<MediaOptions> options) : IMediaObjects
{
    private const int BufferSize = 128 * 1024;

    public string Root => options.Value.Root;

    public string IncomingDirectory => Path.Combine(Root, ".incoming");

    public string LocationFor(string sha256, string extension) => Path.Combine(Path.GetFullPath(Root), sha256[..2], sha256 + extension);

    public Task PutAsync(string location, string file, string contentType, CancellationToken ct)
    {
        var path = Resolve(location) ?? throw new InvalidOperationException($"{location} lies outside the media root.");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(file, path, overwrite: true);
        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string location, CancellationToken ct) => Task.FromResult(Resolve(location) is { } path && File.Exists(path));

    public Task DeleteAsync(string location, CancellationToken ct)
    {
        if (Resolve(location) is { } path)
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }

    public Task<IResult> DownloadAsync(MediaFile media, string? downloadName, CancellationToken ct) =>
        Task.FromResult(GetPath(media) is { } path && File.Exists(path)
            ? Results.File(path, media.ContentType, fileDownloadName: downloadName, lastModified: media.CreatedAt,
                entityTag: new EntityTagHeaderValue($"\"{media.Sha256}\""), enableRangeProcessing: true)
            : Results.Problem(statusCode: 404, title: "Not found", detail: $"No media file {media.Id}."));

    /// <summary>The file's full path when it lies inside the media root; null for anything else.</summary>
    public string? GetPath(MediaFile media) => Resolve(media.StoredPath);

    /// <summary>Opens the stored file for reading (async, sequential), or null when it is missing or outside the root.</summary>
    public Stream? OpenRead(MediaFile media) =>
        GetPath(media) is { } path && File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null;

    private string? Resolve(string location)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Root)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(location, root);
        return full.StartsWith(root, StringComparison.Ordinal) ? full : null;
    }
}
