using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace InstaUploader.Web.Features.Media;

/// <summary>
/// Streams the first file part of a multipart/form-data request into the media library without buffering it,
/// enforcing the store's size limit. Shared by the operator upload and the workers' upload.
/// </summary>
public static class MultipartUpload
{
    /// <summary>Room for the multipart boundaries and part headers around the file itself.</summary>
    private const long MultipartAllowance = 1024 * 1024;

    public static async Task<(MediaSaved? Saved, ProblemHttpResult? Problem)> SaveFirstFileAsync(
        HttpContext context, MediaStore store, int? sourceMediaId, CancellationToken ct)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, TypedResults.Problem(statusCode: 415, detail: "Upload the file as multipart/form-data."));
        }

        var limit = store.MaxBytes + MultipartAllowance;
        if (request.ContentLength > limit)
        {
            return (null, TypedResults.Problem(statusCode: 413, detail: $"Uploads are limited to {store.MaxBytes} bytes."));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = limit;
        }

        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, TypedResults.Problem(statusCode: 400, detail: "The multipart boundary is missing."));
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
                var result = await store.SaveAsync(section.Body, fileName, sourceMediaId, ct);
                return result.Succeeded ? (result.Value, null) : (null, result.ToProblem());
            }
        }
        catch (BadHttpRequestException ex)
        {
            return (null, TypedResults.Problem(statusCode: ex.StatusCode, detail: ex.Message));
        }
        catch (InvalidDataException ex)
        {
            return (null, TypedResults.Problem(statusCode: 400, detail: "The multipart body is malformed: " + ex.Message));
        }
        catch (IOException ex) when (!ct.IsCancellationRequested)
        {
            // MultipartReader's "Unexpected end of Stream": the body stopped before the closing boundary.
            return (null, TypedResults.Problem(statusCode: 400, detail: "The multipart body ended early: " + ex.Message));
        }

        return (null, ServiceResult<MediaSaved>.Invalid("file", "A file part is required.").ToProblem());
    }
}
