using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace InstaUploader.Web.Features.Media;

public static class MediaApi
{
    public static IHostApplicationBuilder AddMedia(this IHostApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        builder.Services.AddOptions<MediaOptions>()
            .BindConfiguration(MediaOptions.Section)
            .PostConfigure(o => o.Root = Path.GetFullPath(o.Root, contentRoot))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Root), "Media:Root must be set.")
            .Validate(o => o.MaxBytes > 0, "Media:MaxBytes must be positive.")
            .Validate(o => o.ProbeTimeout > TimeSpan.Zero, "Media:ProbeTimeout must be positive.")
            .Validate(o => o.Store != MediaStoreKind.S3 || !string.IsNullOrWhiteSpace(o.S3.Bucket), "Media:S3:Bucket must be set when Media:Store is S3.")
            .Validate(o => o.Store != MediaStoreKind.S3 || !string.IsNullOrWhiteSpace(o.S3.Region), "Media:S3:Region must be set when Media:Store is S3.")
            .Validate(o => o.Store != MediaStoreKind.S3 || o.S3.ServiceUrl is null || o.S3.ServiceUrl is { IsAbsoluteUri: true, Scheme: "http" or "https" },
                "Media:S3:ServiceUrl must be an absolute http or https address.")
            .Validate(o => o.Store != MediaStoreKind.S3 || string.IsNullOrEmpty(o.S3.AccessKey) == string.IsNullOrEmpty(o.S3.SecretKey),
                "Media:S3:AccessKey and Media:S3:SecretKey are given together or not at all.")
            .Validate(o => o.Store != MediaStoreKind.S3 || o.S3.PartSizeBytes >= 5L * 1024 * 1024, "Media:S3:PartSizeBytes must be at least 5 MiB.")
            .Validate(o => o.Store != MediaStoreKind.S3 || o.S3.PresignedUrlLifetime > TimeSpan.Zero, "Media:S3:PresignedUrlLifetime must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IMediaObjects>(sp =>
            sp.GetRequiredService<IOptions<MediaOptions>>().Value.Store == MediaStoreKind.S3
                ? ActivatorUtilities.CreateInstance<S3MediaObjects>(sp)
                : ActivatorUtilities.CreateInstance<FileSystemMediaObjects>(sp));
        builder.Services.AddSingleton<DurationProbe>();
        builder.Services.AddScoped<MediaStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapMediaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/media").RequireAuthorization(AuthExtensions.OperatorPolicy).WithTags("Media");

        api.MapGet("/", ListAsync).WithName("ListMedia").WithSummary("List the media library (filter by kind, search by file name)")
            .ProducesValidationProblem();
        api.MapGet("/{id:int}", GetAsync).WithName("GetMedia").WithSummary("Get a media file's record").ProducesProblem(404);
        api.MapPost("/", UploadAsync).WithName("UploadMedia").WithOwnBodyLimit()
            .WithSummary("Upload a video (MP4, MOV, WebM) or image (JPEG, PNG, WebP) as multipart/form-data; the same bytes return the existing record")
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesValidationProblem().ProducesProblem(413).ProducesProblem(415);
        api.MapDelete("/{id:int}", DeleteAsync).WithName("DeleteMedia").WithSummary("Delete a media file not used by a task")
            .ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static async Task<Results<Ok<PagedList<MediaResponse>>, ProblemHttpResult>> ListAsync(
        [AsParameters] PageQuery page, MediaStore store, CancellationToken ct, string? kind = null, string? q = null)
    {
        var result = await store.ListAsync(kind, q, page, ct);
        return result.Succeeded ? TypedResults.Ok(result.Value) : result.ToProblem();
    }

    private static async Task<Results<Ok<MediaResponse>, ProblemHttpResult>> GetAsync(int id, MediaStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } media
            ? TypedResults.Ok(MediaResponse.From(media))
            : TypedResults.Problem(statusCode: 404, detail: $"Media {id} does not exist.");

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(int id, MediaStore store, CancellationToken ct)
    {
        var result = await store.DeleteAsync(id, ct);
        return result.Succeeded ? TypedResults.NoContent() : result.ToProblem();
    }

    /// <summary>
    /// Reads the multipart body section by section (no form buffering) and streams the first file part into the
    /// store. The body is not bound as IFormFile so nothing is buffered and no antiforgery token is needed.
    /// </summary>
    private static async Task<Results<Created<MediaResponse>, Ok<MediaResponse>, ProblemHttpResult>> UploadAsync(
        HttpContext context, MediaStore store, CancellationToken ct)
    {
        var (saved, problem) = await MultipartUpload.SaveFirstFileAsync(context, store, sourceMediaId: null, ct);
        if (problem is not null)
        {
            return problem;
        }

        var response = MediaResponse.From(saved!.Media);
        return saved.Duplicate
            ? TypedResults.Ok(response)
            : TypedResults.Created($"/api/v1/media/{response.Id}", response);
    }
}
