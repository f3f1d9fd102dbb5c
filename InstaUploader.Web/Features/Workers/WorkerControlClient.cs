using System.Text.Json;
using Microsoft.Extensions.Options;
using InstaUploader.Web.Features.Auth;

namespace InstaUploader.Web.Features.Workers;

/// <summary>
/// The Web's client of the workers' own routes (status, health, start nudges, process-query). Trace context flows in headers. A registered
/// worker is called with the nudge token it announced, one known only from configuration with WORKER_API_TOKEN.
/// </summary>
public sealed class WorkerControlClient(HttpClient http, IOptions<ApiAuthOptions> auth, ILogger<WorkerControlClient> logger)
{
    public async Task<JsonElement?> GetStatusAsync(Uri workerBase, string? nudgeToken, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(workerBase, ControlRoutes.Status));
            request.Headers.Authorization = new("Bearer", nudgeToken ?? auth.Value.WorkerToken);
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
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(NudgeTimeout);
            using var response = await http.GetAsync(new Uri(workerBase, ControlRoutes.Health), timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException
                                   or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the process at <paramref name="workerBase"/> answers its health route at all within
    /// <paramref name="timeout"/>: any HTTP answer, even an error, shows a live process. Only silence (refused, reset,
    /// timed out) counts as none; a circuit the client itself broke is no evidence either way and counts as an answer.
    /// </summary>
    public async Task<bool> AnswersAsync(Uri workerBase, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            using var response = await http.GetAsync(new Uri(workerBase, ControlRoutes.Health), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return true;
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException)
        {
            return true;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException)
        {
            return false;
        }
    }

    /// <summary>A nudge is a hint (workers poll anyway): one to an unreachable host is given up after this long.</summary>
    public static readonly TimeSpan NudgeTimeout = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, object> EmptyBody = [];

    /// <summary>POSTs a JSON body to a worker path with its token; false when the worker is unreachable.</summary>
    public async Task<bool> PostAsync(WorkerTarget worker, string pathAndQuery, object? body, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(worker.Url, pathAndQuery))
            {
                Content = JsonContent.Create(body ?? EmptyBody),
            };
            request.Headers.Authorization = new("Bearer", worker.NudgeToken ?? auth.Value.WorkerToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(NudgeTimeout);
            using var response = await http.SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            logger.LogWarning("Worker {Worker} unreachable for {Path}: {Error}", worker.Url, pathAndQuery, ex.Message);
            return false;
        }
    }
}

/// <summary>A worker to nudge: its base URL and, for a registered worker, the token it announced.</summary>
public sealed record WorkerTarget(Uri Url, string? NudgeToken);
