using System.Buffers;
using System.Security.Cryptography;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Media;

/// <summary>
/// The media library: records in the database, bytes in <see cref="IMediaObjects"/> (this host's disk or a shared
/// bucket). Uploads are streamed to a temporary file while being hashed and sniffed, then stored content-addressed:
/// client file names are only kept for display.
/// </summary>
public sealed class MediaStore(
    AppDbContext db, IOptions<MediaOptions> options, IMediaObjects objects, DurationProbe probe, TimeProvider time, ILogger<MediaStore> logger)
{
    private const int BufferSize = 128 * 1024;

    public long MaxBytes => options.Value.MaxBytes;

    /// <summary>
    /// Stores a video or image read from <paramref name="content"/> (never buffered whole). The same bytes already in
    /// the library give the existing record with <see cref="MediaSaved.Duplicate"/> set.
    /// Fails with TooLarge over <see cref="MediaOptions.MaxBytes"/>, UnsupportedMediaType when the content is not
    /// a supported video or image, Invalid when it is empty.
    /// </summary>
    public async Task<ServiceResult<MediaSaved>> SaveAsync(Stream content, string? fileName, int? sourceMediaId, CancellationToken ct)
    {
        var incoming = objects.IncomingDirectory;
        Directory.CreateDirectory(incoming);
        var temp = Path.Combine(incoming, Guid.NewGuid().ToString("N"));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var header = new byte[MediaSniffer.HeaderLength];
            var headerLength = 0;
            MediaType? type = null;
            long size = 0;
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                await using var file = new FileStream(temp, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    Options = FileOptions.Asynchronous,
                    BufferSize = 0,
                });
                int read;
                while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
                {
                    size += read;
                    if (size > MaxBytes)
                    {
                        return ServiceResult<MediaSaved>.TooLarge($"Uploads are limited to {MaxBytes} bytes.");
                    }

                    if (type is null && headerLength < header.Length)
                    {
                        var take = Math.Min(read, header.Length - headerLength);
                        buffer.AsSpan(0, take).CopyTo(header.AsSpan(headerLength));
                        headerLength += take;
                        // Decide as soon as the header is in, so a wrong file is refused before it is all written.
                        if (headerLength == header.Length && (type = MediaSniffer.Detect(header)) is null)
                        {
                            return Unsupported();
                        }
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            if (size == 0)
            {
                return ServiceResult<MediaSaved>.Invalid("file", "Is empty.");
            }

            type ??= MediaSniffer.Detect(header.AsSpan(0, headerLength));
            if (type is null)
            {
                return Unsupported();
            }

            return await StoreAsync(temp, Convert.ToHexStringLower(hash.GetHashAndReset()), size, type, fileName, sourceMediaId, ct);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    public async Task<ServiceResult<PagedList<MediaResponse>>> ListAsync(string? kind, string? q, PageQuery page, CancellationToken ct)
    {
        var errors = new FieldErrors();
        page.Validate(errors);
        if (!string.IsNullOrWhiteSpace(kind) && kind is not (MediaKind.Video or MediaKind.Image))
        {
            errors.Add("kind", $"Must be {MediaKind.Video} or {MediaKind.Image}.");
        }

        if (errors.Any)
        {
            return ServiceResult<PagedList<MediaResponse>>.Invalid(errors.ToDictionary());
        }

        var query = db.Media.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(kind))
        {
            query = query.Where(m => m.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + q.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
                .Replace("_", @"\_", StringComparison.Ordinal) + "%";
            query = query.Where(m => EF.Functions.ILike(m.FileName, pattern));
        }

        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(m => m.Id).Skip(page.Skip).Take(page.Size).ToListAsync(ct);
        return ServiceResult<PagedList<MediaResponse>>.Ok(new PagedList<MediaResponse>(items.ConvertAll(MediaResponse.From), total, page.PageNumber, page.Size));
    }

    public Task<MediaFile?> GetAsync(int id, CancellationToken ct) => db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);

    /// <summary>The bytes of <paramref name="media"/>: streamed, or a redirect to the store (see <see cref="IMediaObjects.DownloadAsync"/>).</summary>
    public Task<IResult> DownloadAsync(MediaFile media, string? downloadName, CancellationToken ct) => objects.DownloadAsync(media, downloadName, ct);

    /// <summary>Deletes the record and its file, unless a task still uses it (Conflict).</summary>
    public async Task<ServiceResult<bool>> DeleteAsync(int id, CancellationToken ct)
    {
        var media = await db.Media.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (media is null)
        {
            return ServiceResult<bool>.NotFound($"Media {id} does not exist.");
        }

        var usedBy = await db.TaskVideos.Where(v => v.MediaId == id).Select(v => (int?)v.TaskId).FirstOrDefaultAsync(ct)
            ?? await db.TaskItems.Where(i => i.MediaId == id && i.Status != ItemStatuses.Done && i.Status != ItemStatuses.Failed
                    && i.Status != ItemStatuses.Cancelled).Select(i => (int?)i.TaskId).FirstOrDefaultAsync(ct);
        if (usedBy is { } taskId)
        {
            return ServiceResult<bool>.Conflict($"Media {id} is used by task {taskId}; remove it from the task first.");
        }

        db.Media.Remove(media);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsForeignKeyViolation())
        {
            db.ChangeTracker.Clear();
            return ServiceResult<bool>.Conflict($"Media {id} is used by a task; remove it from the task first.");
        }

        // Records share a file only after a concurrent duplicate upload; the last one takes the file with it.
        if (!await db.Media.AnyAsync(m => m.StoredPath == media.StoredPath, ct))
        {
            try
            {
                await objects.DeleteAsync(media.StoredPath, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Could not delete the stored bytes of media {MediaId}.", id);
            }
        }

        return ServiceResult<bool>.Ok(true);
    }

    private async Task<ServiceResult<MediaSaved>> StoreAsync(
        string temp, string sha256, long size, MediaType type, string? fileName, int? sourceMediaId, CancellationToken ct)
    {
        var existing = await db.Media.AsNoTracking().OrderBy(m => m.Id).FirstOrDefaultAsync(m => m.Sha256 == sha256, ct);
        if (existing is not null)
        {
            // Heal a library whose file went missing (restored database, wiped disk) with the bytes just received.
            if (!await objects.ExistsAsync(existing.StoredPath, ct))
            {
                await objects.PutAsync(existing.StoredPath, temp, existing.ContentType, ct);
            }

            return ServiceResult<MediaSaved>.Ok(new MediaSaved(existing, Duplicate: true));
        }

        var duration = type.Kind == MediaKind.Video ? await probe.GetDurationSecondsAsync(temp, ct) : null;
        var location = objects.LocationFor(sha256, type.Extension);
        await objects.PutAsync(location, temp, type.ContentType, ct);
        var media = new MediaFile
        {
            Kind = type.Kind,
            FileName = DisplayName(fileName, type),
            StoredPath = location,
            ContentType = type.ContentType,
            SizeBytes = size,
            Sha256 = sha256,
            DurationSeconds = duration,
            SourceMediaId = sourceMediaId,
            CreatedAt = time.GetUtcNow(),
        };
        db.Media.Add(media);
        await db.SaveChangesAsync(ct);
        return ServiceResult<MediaSaved>.Ok(new MediaSaved(media, Duplicate: false));
    }

    /// <summary>The client's file name reduced to a printable base name, for display only.</summary>
    internal static string DisplayName(string? fileName, MediaType type)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > 200)
        {
            name = name[..200];
        }

        return name is "" or "." or ".." ? "upload" + type.Extension : name;
    }

    private static ServiceResult<MediaSaved> Unsupported() =>
        ServiceResult<MediaSaved>.Unsupported("The content is not a supported video (MP4, MOV, WebM) or image (JPEG, PNG, WebP).");

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Could not delete media file {Path}.", path);
        }
    }
}
