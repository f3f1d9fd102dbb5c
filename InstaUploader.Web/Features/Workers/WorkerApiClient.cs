using System.Text.Json;
using Microsoft.Extensions.Options;
using InstaUploader.Web.Features.Auth;

namespace InstaUploader.Web.Features.Workers;

/// <summary>Typed client for the Web → worker calls (status, start nudges). Trace context flows in headers.</summary>
public sealed class WorkerApiClient(HttpClient http, IOptions<ApiAuthOptions> auth, ILogger<WorkerApiClient> logger)
{
    public async Task<JsonElement?> GetStatusAsync(Uri workerBase, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(workerBase, "/api/v1/status"));
            request.Headers.Authorization = new("Bearer", auth.Value.WorkerApiToken);
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Worker {Worker} did not answer: {Error}", workerBase, ex.Message);
            return null;
        }
    }

    public async Task<bool> IsHealthyAsync(Uri workerBase, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(workerBase, "/api/v1/health"), ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>POSTs a JSON body to a worker path with the worker token; false when the worker is unreachable.</summary>
    public async Task<bool> PostAsync(Uri workerBase, string pathAndQuery, object? body, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(workerBase, pathAndQuery))
            {
                Content = JsonContent.Create(body ?? new { }),
            };
            request.Headers.Authorization = new("Bearer", auth.Value.WorkerApiToken);
            using var response = await http.SendAsync(request, ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            logger.LogWarning("Worker {Worker} unreachable for {Path}: {Error}", workerBase, pathAndQuery, ex.Message);
            return false;
        }
    }
}
