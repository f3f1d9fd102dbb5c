using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Media download (docs/protocol.md#media), streamed from disk with Content-Length, ETag (the sha256) and Range (206),
/// and the avatar image download (also at /api/media/images/{id}/download, where the original worker asks). Ids are media library ids (the aggregate's videos[].id).
/// </summary>
public static class MediaDownloadApi
{
    public static IEndpointRouteBuilder MapMediaDownloadApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WorkerRoutes.Prefix).RequireWorker().WithTags("Worker API");
        api.MapGet(WorkerRoutes.MediaDownloadTemplate, (int video_id, AppDbContext db, CancellationToken ct) =>
            DownloadAsync(video_id, null, db, ct));
        api.MapGet(WorkerRoutes.AvatarDownloadTemplate, (int image_id, AppDbContext db, CancellationToken ct) =>
            DownloadAsync(image_id, MediaKind.Image, db, ct));
        api.MapGet(WorkerRoutes.ImageDownloadTemplate, (int image_id, AppDbContext db, CancellationToken ct) =>
            DownloadAsync(image_id, MediaKind.Image, db, ct));
        return app;
    }

    private static async Task<IResult> DownloadAsync(int id, string? kind, AppDbContext db, CancellationToken ct)
    {
        var media = await db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && (kind == null || m.Kind == kind), ct);
        if (media is null || !File.Exists(media.StoredPath))
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No media file {id}.");
        }

        return Results.File(
            media.StoredPath,
            media.ContentType,
            fileDownloadName: media.FileName,
            lastModified: media.CreatedAt,
            entityTag: new EntityTagHeaderValue($"\"{media.Sha256}\""),
            enableRangeProcessing: true);
    }
}
