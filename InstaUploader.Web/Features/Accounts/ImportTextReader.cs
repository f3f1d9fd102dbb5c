using System.Text;
using System.Text.Json;
using InstaUploader.Web.Features.Errors;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace InstaUploader.Web.Features.Accounts;

/// <summary>
/// Reads the text of an import request: a text body, JSON <c>{"text": "..."}</c>, or multipart form data with a file
/// (or a <c>text</c> field). Bounded so a huge upload cannot exhaust memory.
/// </summary>
public sealed class ImportTextReader(IOptions<JsonOptions> json)
{
    public const int MaxChars = 8 * 1024 * 1024;

    /// <summary>Room for <see cref="MaxChars"/> characters of text in UTF-8, JSON escapes or a multipart envelope.</summary>
    public const long MaxBodyBytes = 4L * MaxChars;

    public async Task<ServiceResult<string>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var contentType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed : null;
        var mediaType = contentType?.MediaType.Value?.ToLowerInvariant();
        var encoding = EncodingOf(contentType);

        try
        {
            return mediaType switch
            {
                null or "text/plain" or "text/csv" or "application/octet-stream" => await ReadTextAsync(request.Body, encoding, ct),
                "application/json" => await ReadJsonAsync(request.Body, ct),
                "multipart/form-data" => await ReadMultipartAsync(request, contentType!, ct),
                _ => ServiceResult<string>.Unsupported(
                    "Send the lines as text/plain, as JSON {\"text\": \"...\"}, or as a multipart/form-data file."),
            };
        }
        catch (BadHttpRequestException)
        {
            throw;
        }
        catch (Exception ex) when (ex is InvalidDataException or DecoderFallbackException or IOException)
        {
            return ServiceResult<string>.Invalid("text", "The request body could not be read: " + ex.Message);
        }
    }

    private static Encoding EncodingOf(MediaTypeHeaderValue? contentType)
    {
        try
        {
            return contentType?.Encoding ?? Encoding.UTF8;
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    private async Task<ServiceResult<string>> ReadJsonAsync(Stream body, CancellationToken ct)
    {
        var text = await ReadTextAsync(body, Encoding.UTF8, ct);
        if (!text.Succeeded)
        {
            return text;
        }

        try
        {
            var request = JsonSerializer.Deserialize<ImportTextRequest>(text.Value!, json.Value.SerializerOptions);
            return request?.Text is { } t
                ? ServiceResult<string>.Ok(t)
                : ServiceResult<string>.Invalid("text", "Is required.");
        }
        catch (JsonException)
        {
            return ServiceResult<string>.Invalid("text", "The body is not valid JSON of the form {\"text\": \"...\"}.");
        }
    }

    private static async Task<ServiceResult<string>> ReadMultipartAsync(HttpRequest request, MediaTypeHeaderValue contentType, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return ServiceResult<string>.Invalid("file", "The multipart boundary is missing.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
            {
                continue;
            }

            if (disposition.IsFileDisposition() || string.Equals(disposition.Name.Value, "text", StringComparison.OrdinalIgnoreCase))
            {
                return await ReadTextAsync(section.Body, Encoding.UTF8, ct);
            }
        }

        return ServiceResult<string>.Invalid("file", "A file (or a 'text' field) is required.");
    }

    private static async Task<ServiceResult<string>> ReadTextAsync(Stream body, Encoding encoding, CancellationToken ct)
    {
        using var reader = new StreamReader(body, encoding, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var text = new StringBuilder();
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, ct)) > 0)
        {
            if (text.Length + read > MaxChars)
            {
                return ServiceResult<string>.TooLarge($"An import is limited to {MaxChars} characters; split the file.");
            }

            text.Append(buffer, 0, read);
        }

        return ServiceResult<string>.Ok(text.ToString());
    }
}
