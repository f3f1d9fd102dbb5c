using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using InstaUploader.Contracts.Media;
using InstaUploader.Contracts.Queue;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Runners.MediaUniq;

/// <summary>What a media_uniq item reports: the new library entry made from the source.</summary>
public sealed record UniqueCopyResult(
    [property: JsonPropertyName("source_media_id")] int SourceMediaId,
    [property: JsonPropertyName("media_id")] int MediaId,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("size_bytes")] long SizeBytes,
    [property: JsonPropertyName("duration_seconds")] double DurationSeconds,
    [property: JsonPropertyName("copy_index")] int CopyIndex);

/// <summary>
/// Runs <c>media_uniq</c> items (one per source video and copy index): downloads the source, makes the copy with
/// ffmpeg, checks it, and uploads it to the Web's media library linked to its source.
/// </summary>
public sealed class MediaUniqRunner(
    VideoUniquifier uniquifier,
    IServiceScopeFactory scopes,
    IOptions<MediaUniqOptions> options,
    ILogger<MediaUniqRunner> logger) : IWorkRunner
{
    public const string Kind = TaskKinds.MediaUniq;

    public IReadOnlyCollection<string> Kinds { get; } = [Kind];

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        if (SourceMedia.From(work.CommonPayload()) is not { } media)
        {
            return WorkOutcome.Fail("The media_uniq item carries no source media.");
        }

        if (media.Kind != "video")
        {
            return WorkOutcome.Fail($"Media {media.Id} is a {media.Kind}; only videos are uniquified.");
        }

        var dir = Path.Combine(options.Value.WorkDir, $"item-{work.Id}-{Guid.NewGuid():n}");
        Directory.CreateDirectory(dir);
        try
        {
            var source = await context.DownloadMediaAsync(media.Id, ct);
            await context.LogAsync($"Making copy {media.CopyIndex + 1} of media {media.Id}", ct);
            var copy = await uniquifier.MakeCopyAsync(source, media.Sha256 ?? media.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                media.CopyIndex, Path.Combine(dir, "copy.mp4"), ct);
            if (string.Equals(copy.Sha256, media.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                return WorkOutcome.Fail("The copy came out identical to the source.");
            }

            UploadedMedia uploaded;
            await using (var scope = scopes.CreateAsyncScope())
            {
                uploaded = await scope.ServiceProvider.GetRequiredService<MediaUploadClient>()
                    .UploadAsync(copy.Path, media.CopyFileName(), media.Id, ct);
            }

            if (!string.Equals(uploaded.Sha256, copy.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                return WorkOutcome.Fail($"The Web stored different bytes (sha256 {uploaded.Sha256}, sent {copy.Sha256}).", retryable: true);
            }

            await context.AddCountersAsync(new Dictionary<string, int> { ["success"] = 1 }, ct);
            await context.LogAsync($"Copy {media.CopyIndex + 1} of media {media.Id} stored as media {uploaded.Id} ({copy.SizeBytes} bytes, {copy.DurationSeconds:0.##}s)", ct);
            return WorkOutcome.Ok(new UniqueCopyResult(media.Id, uploaded.Id, uploaded.Sha256, uploaded.SizeBytes,
                Math.Round(uploaded.DurationSeconds ?? copy.DurationSeconds, 3), media.CopyIndex));
        }
        catch (ToolException ex)
        {
            logger.LogWarning("Copy {Copy} of media {Media} failed: {Error}", media.CopyIndex, media.Id, ex.Message);
            return WorkOutcome.Fail(ex.Message);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType)
        {
            return WorkOutcome.Fail(ex.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException)
        {
            logger.LogWarning("Copy {Copy} of media {Media} failed: {Error}", media.CopyIndex, media.Id, ex.Message);
            return WorkOutcome.Fail(ex.Message, retryable: true);
        }
        finally
        {
            TryDelete(dir);
        }
    }

    private void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not delete {Dir}: {Error}", dir, ex.Message);
        }
    }

    /// <summary>The item's <c>payload.media</c> and <c>payload.copy_index</c>.</summary>
    private sealed record SourceMedia(int Id, string Kind, string FileName, string? Sha256, int CopyIndex)
    {
        public static SourceMedia? From(WorkPayload? payload) => payload?.Media is not { } m
            ? null
            : new SourceMedia(m.Id, m.Kind ?? "video", m.FileName ?? "video.mp4", m.Sha256, payload.CopyIndex ?? 0);

        public string CopyFileName() => $"{Path.GetFileNameWithoutExtension(FileName)}_u{CopyIndex + 1}.mp4";
    }
}
