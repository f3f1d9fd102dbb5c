using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Media;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Workers add files they made (media_uniq copies) to the media library: multipart/form-data with one file part,
/// streamed into <see cref="MediaStore"/> without buffering; <c>?source_media_id=</c> links the copy to its source.
/// The same bytes again answer 200 with the existing record, so a retried upload is harmless.
/// </summary>
public static class MediaUploadApi
{
    /// <summary>Room for the multipart boundaries and part headers around the file itself.</summary>
    private const long MultipartAllowance = 1024 * 1024;

    public static IEndpointRouteBuilder MapMediaUploadApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/media").RequireWorker().WithTags("Worker API")
            .MapPost("/upload", UploadAsync);
        return app;
    }

    private static async Task<IResult> UploadAsync(HttpContext context, MediaStore store, AppDbContext db, CancellationToken ct, int? source_media_id = null)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(statusCode: 415, detail: "Upload the file as multipart/form-data.");
        }

        if (source_media_id is { } sourceId && !await db.Media.AnyAsync(m => m.Id == sourceId, ct))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["source_media_id"] = [$"No media {sourceId}."] });
        }

        var limit = store.MaxBytes + MultipartAllowance;
        if (request.ContentLength > limit)
        {
            return Results.Problem(statusCode: 413, detail: $"Uploads are limited to {store.MaxBytes} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit;
        }

        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return Results.Problem(statusCode: 400, detail: "The multipart boundary is missing.");
        }

        try
        {
            var reader = new MultipartReader(boundary, request.Body);
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                {
                    continue;
                }

                var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                var result = await store.SaveAsync(section.Body, fileName, source_media_id, ct);
                if (!result.Succeeded)
                {
                    return result.ToProblem();
                }

                var (media, duplicate) = result.Value!;
                var body = new
                {
                    id = media.Id,
                    kind = media.Kind,
                    file_name = media.FileName,
                    sha256 = media.Sha256,
                    size_bytes = media.SizeBytes,
                    duration_seconds = media.DurationSeconds,
                    source_media_id = media.SourceMediaId,
                    duplicate,
                };
                return duplicate ? Results.Json(body) : Results.Json(body, statusCode: StatusCodes.Status201Created);
            }
        }
        catch (BadHttpRequestException ex)
        {
            return Results.Problem(statusCode: ex.StatusCode, detail: ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return Results.Problem(statusCode: 400, detail: "The multipart body is malformed: " + ex.Message);
        }

        return ServiceResult<MediaSaved>.Invalid("file", "A file part is required.").ToProblem();
    }
}
