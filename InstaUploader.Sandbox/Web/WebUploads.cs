using System.Collections.Concurrent;

namespace InstaUploader.Sandbox.Web;

/// <summary>Bytes received by <c>/rupload_igvideo</c>, waiting for <c>configure_to_clips</c> to turn them into a reel.</summary>
public sealed class WebUploads
{
    private readonly ConcurrentDictionary<string, ReceivedUpload> _uploads = new(StringComparer.Ordinal);

    public void Add(string uploadId, ReceivedUpload upload) => _uploads[uploadId] = upload;

    public void Clear() => _uploads.Clear();

    public ReceivedUpload? Take(string uploadId, string username) =>
        _uploads.TryRemove(uploadId, out var u) && string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase) ? u : null;
}

public sealed record ReceivedUpload(string Username, string Sha256, long Length);
