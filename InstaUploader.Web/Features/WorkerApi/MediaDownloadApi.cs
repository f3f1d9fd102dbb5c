using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Media;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Media download (docs/protocol.md#media): from the Web's disk with Content-Length, ETag (the sha256) and Range (206),
/// or, with the S3 store, a redirect to a presigned link so the worker fetches the bytes from the bucket. Also the
/// avatar image download (and /api/media/images/{id}/download, where the original worker asks). Ids are media library
/// ids (the aggregate's videos[].id).
/// </summary>
public static class MediaDownloadApi
{
    public static IEndpointRouteBuilder MapMediaDownloadApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WorkerRoutes.Prefix).RequireWorker().WithTags("Worker API");
        api.MapGet(WorkerRoutes.MediaDownloadTemplate, (int video_id, AppDbContext db, IMediaObjects objects, CancellationToken ct) =>
            DownloadAsync(video_id, null, db, objects, ct));
        api.MapGet(WorkerRoutes.AvatarDownloadTemplate, (int image_id, AppDbContext db, IMediaObjects objects, CancellationToken ct) =>
            DownloadAsync(image_id, MediaKind.Image, db, objects, ct));
        api.MapGet(WorkerRoutes.ImageDownloadTemplate, (int image_id, AppDbContext db, IMediaObjects objects, CancellationToken ct) =>
            DownloadAsync(image_id, MediaKind.Image, db, objects, ct));
        return app;
    }

    internal static async Task<IResult> DownloadAsync(int id, string? kind, AppDbContext db, IMediaObjects objects, CancellationToken ct)
    {
        var media = await db.Media.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && (kind == null || m.Kind == kind), ct);
        return media is null
            ? Results.Problem(statusCode: 404, title: "Not found", detail: $"No media file {id}.")
            : await objects.DownloadAsync(media, media.FileName, ct);
    }
}
