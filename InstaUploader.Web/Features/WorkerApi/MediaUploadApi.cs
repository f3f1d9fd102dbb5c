using InstaUploader.Contracts.Media;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Media;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
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
    public static IEndpointRouteBuilder MapMediaUploadApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup(WorkerRoutes.Prefix).RequireWorker().WithTags("Worker API")
            .MapPost(WorkerRoutes.MediaUploadTemplate, UploadAsync).WithOwnBodyLimit();
        return app;
    }

    private static async Task<Results<Ok<UploadedMedia>, Created<UploadedMedia>, ProblemHttpResult, ValidationProblem>> UploadAsync(HttpContext context, MediaStore store, AppDbContext db, CancellationToken ct, int? source_media_id = null)
    {
        if (source_media_id is { } sourceId && !await db.Media.AnyAsync(m => m.Id == sourceId, ct))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["source_media_id"] = [$"No media {sourceId}."] });
        }

        var (saved, problem) = await MultipartUpload.SaveFirstFileAsync(context, store, source_media_id, ct);
        if (problem is not null)
        {
            return problem;
        }

        var (media, duplicate) = saved!;
        var body = new UploadedMedia(media.Id, media.Kind, media.FileName, media.Sha256, media.SizeBytes, media.DurationSeconds, media.SourceMediaId, duplicate);
        return duplicate ? TypedResults.Ok(body) : TypedResults.Created((string?)null, body);
    }
}
