using System.Net.Http.Headers;
using InstaUploader.Contracts.Media;
using InstaUploader.Worker.WebApi;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Runners.MediaUniq;

/// <summary>
/// Typed client for the Web's POST /api/media/upload: the file is streamed as multipart/form-data. It runs without
/// the resilience pipeline (a streamed body cannot be replayed, and uploads outlast its timeouts); a failed upload
/// fails the item retryably, and the Web dedupes a copy that arrives twice.
/// </summary>
public sealed class MediaUploadClient(HttpClient http, IOptions<WorkerOptions> worker, WebAuthTokens tokens)
{
    public async Task<UploadedMedia> UploadAsync(string path, string fileName, int sourceMediaId, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 128 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var content = new MultipartFormDataContent();
        var part = new StreamContent(file, 128 * 1024);
        part.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        content.Add(part, "file", fileName);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(worker.Value.WebBaseUrl, WorkerRoutes.MediaUpload(sourceMediaId)))
        {
            Content = content,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(ct));
        request.Headers.Add("X-Worker-Id", worker.Value.WorkerId);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"Upload refused: HTTP {(int)response.StatusCode} {detail[..Math.Min(detail.Length, 300)]}", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<UploadedMedia>(WebApiClient.JsonOptions, ct)
            ?? throw new HttpRequestException("The upload answer was empty.");
    }
}
