namespace InstaUploader.Web.Features.Media;

/// <summary>
/// An S3-compatible bucket (<c>Media:S3:*</c>): AWS S3, MinIO, Ceph, R2. Without keys the SDK's own chain is used
/// (environment, web identity, instance role); keys come from secrets, never from a committed file.
/// </summary>
public sealed class S3MediaOptions
{
    public string Bucket { get; set; } = "";

    /// <summary>The store's address for anything other than AWS itself (<c>http://minio:9000</c>); empty for AWS.</summary>
    public Uri? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary><c>endpoint/bucket/key</c> rather than <c>bucket.endpoint/key</c>: most self-hosted stores need it.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>How long a presigned download link works; a worker starts its download within seconds of getting it.</summary>
    public TimeSpan PresignedUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Files above this go up in parts of this size (S3 wants at least 5 MiB per part).</summary>
    public long PartSizeBytes { get; set; } = 16L * 1024 * 1024;
}
