using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.UiApi;

/// <summary>Typed client for the Web's worker-facing API. Retries, timeouts and circuit breaking come from the
/// standard resilience handler that ServiceDefaults puts on every HttpClient.</summary>
public sealed class UiApiClient(HttpClient http, IOptions<WorkerOptions> options)
{
    private readonly WorkerOptions _options = options.Value;

    public Task<HttpResponseMessage> RegisterAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "/api/workers/register", new
        {
            worker_id = _options.WorkerId,
            base_url = _options.PublicUrl,
            version = typeof(UiApiClient).Assembly.GetName().Version?.ToString(),
            capacity = _options.ConcurrencyLimit,
        }, ct);

    public Task<HttpResponseMessage> HeartbeatAsync(int activeJobs, object? metrics, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "/api/workers/heartbeat", new { worker_id = _options.WorkerId, active_jobs = activeJobs, metrics }, ct);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(_options.UiApiBase, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.UiApiToken);
        request.Headers.Add("X-Worker-Id", _options.WorkerId);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonOptions);
        }

        return await http.SendAsync(request, ct);
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
