using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using InstaUploader.Web.Data;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Media;

/// <summary>
/// The media library in one S3-compatible bucket shared by every Web replica. Uploads are sent from the received
/// file (in parts above <see cref="S3MediaOptions.PartSizeBytes"/>, never whole in memory); downloads are a redirect
/// to a presigned GET link, so workers fetch the bytes from the store and no Web replica relays them.
/// </summary>
public sealed class S3MediaObjects : IMediaObjects, IDisposable
{
    private readonly S3MediaOptions _s3;
    private readonly string _incoming;
    private readonly TimeProvider _time;
    private readonly AmazonS3Client _client;

    public S3MediaObjects(IOptions<MediaOptions> options, TimeProvider time)
    {
        _s3 = options.Value.S3;
        _incoming = Path.Combine(options.Value.Root, ".incoming");
        _time = time;
        var config = new AmazonS3Config
        {
            ForcePathStyle = _s3.ForcePathStyle,
            AuthenticationRegion = _s3.Region,
            // Checksums only where S3 requires them: self-hosted stores refuse the SDK's default trailing checksums.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (_s3.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(_s3.Region);
        }

        _client = _s3.AccessKey is { Length: > 0 } key
            ? new AmazonS3Client(new BasicAWSCredentials(key, _s3.SecretKey), config)
            : new AmazonS3Client(config);
    }

    public string IncomingDirectory => _incoming;

    public string LocationFor(string sha256, string extension) => $"{sha256[..2]}/{sha256}{extension}";

    public async Task PutAsync(string location, string file, string contentType, CancellationToken ct)
    {
        var size = new FileInfo(file).Length;
        if (size <= _s3.PartSizeBytes)
        {
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _s3.Bucket, Key = location, FilePath = file, ContentType = contentType, UseChunkEncoding = false,
            }, ct);
            return;
        }

        var upload = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _s3.Bucket, Key = location, ContentType = contentType,
        }, ct);
        try
        {
            var parts = new List<PartETag>();
            for (var (number, position) = (1, 0L); position < size; number++, position += _s3.PartSizeBytes)
            {
                var part = await _client.UploadPartAsync(new UploadPartRequest
                {
                    BucketName = _s3.Bucket, Key = location, UploadId = upload.UploadId, PartNumber = number,
                    FilePath = file, FilePosition = position, PartSize = Math.Min(_s3.PartSizeBytes, size - position),
                    UseChunkEncoding = false,
                }, ct);
                parts.Add(new PartETag(number, part.ETag));
            }

            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _s3.Bucket, Key = location, UploadId = upload.UploadId, PartETags = parts,
            }, ct);
        }
        catch
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = _s3.Bucket, Key = location, UploadId = upload.UploadId,
            }, CancellationToken.None);
            throw;
        }
    }

    public async Task<bool> ExistsAsync(string location, CancellationToken ct)
    {
        try
        {
            await _client.GetObjectMetadataAsync(_s3.Bucket, location, ct);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public Task DeleteAsync(string location, CancellationToken ct) => _client.DeleteObjectAsync(_s3.Bucket, location, ct);

    public async Task<IResult> DownloadAsync(MediaFile media, string? downloadName, CancellationToken ct)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _s3.Bucket,
            Key = media.StoredPath,
            Verb = HttpVerb.GET,
            Expires = _time.GetUtcNow().Add(_s3.PresignedUrlLifetime).UtcDateTime,
            Protocol = _s3.ServiceUrl?.Scheme == Uri.UriSchemeHttp ? Protocol.HTTP : Protocol.HTTPS,
        };
        request.ResponseHeaderOverrides.ContentType = media.ContentType;
        if (downloadName is not null)
        {
            request.ResponseHeaderOverrides.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = downloadName }.ToString();
        }

        return Results.Redirect(await _client.GetPreSignedURLAsync(request));
    }

    public void Dispose() => _client.Dispose();
}
