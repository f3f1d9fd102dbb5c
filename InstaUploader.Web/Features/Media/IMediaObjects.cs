using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Media;

/// <summary>
/// Where the bytes of the media library live: the Web's own disk (<see cref="FileSystemMediaObjects"/>, one host) or
/// an S3-compatible bucket every replica shares (<see cref="S3MediaObjects"/>). <see cref="MediaFile.StoredPath"/>
/// holds the location <see cref="LocationFor"/> gave: an absolute path, or an object key.
/// </summary>
public interface IMediaObjects
{
    /// <summary>A directory on this host for uploads being received, hashed and sniffed before they are stored.</summary>
    string IncomingDirectory { get; }

    /// <summary>Content-addressed: <c>&lt;sha[0..2]&gt;/&lt;sha256&gt;&lt;ext&gt;</c> under the root or in the bucket.</summary>
    string LocationFor(string sha256, string extension);

    /// <summary>Stores the finished upload <paramref name="file"/> (taken away or copied; the caller deletes what is left).</summary>
    Task PutAsync(string location, string file, string contentType, CancellationToken ct);

    Task<bool> ExistsAsync(string location, CancellationToken ct);

    Task DeleteAsync(string location, CancellationToken ct);

    /// <summary>
    /// The answer to a download: the file streamed with Range and ETag, or a redirect to a presigned GET link so the
    /// caller fetches it from the store directly. 404 ProblemDetails when the bytes are gone.
    /// </summary>
    Task<IResult> DownloadAsync(MediaFile media, string? downloadName, CancellationToken ct);
}
