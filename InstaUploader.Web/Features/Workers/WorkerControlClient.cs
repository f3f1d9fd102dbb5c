using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using InstaUploader.Web.Features.Auth;

namespace InstaUploader.Web.Features.Workers;

/// <summary>
/// The Web's client of the workers' own routes (status, start nudges, process-query). Trace context flows in headers. A registered
/// worker is called with the nudge token it announced, one known only from configuration with WORKER_API_TOKEN.
/// Its HttpClient has a resilience pipeline of its own, without retries or a circuit breaker (<see cref="WorkerClients"/>):
/// a nudge is a hint, and retried refusals must not open a breaker other calls share.
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
        catch (Exception ex) when (!ct.IsCancellationRequested && WorkerClients.IsTransportFailure(ex))
        {
            logger.LogWarning("Worker {Worker} did not answer: {Error}", workerBase, ex.Message);
            return null;
        }
    }

    /// <summary>A nudge is a hint (workers poll anyway): one to an unreachable host is given up after this long.</summary>
    public static readonly TimeSpan NudgeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The longest a worker's 429 Retry-After is honoured before the one retry; longer, the nudge is left to polling.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(2);

    private static readonly Dictionary<string, object> EmptyBody = [];

    /// <summary>POSTs a JSON body to a worker path with its token; false when the worker is unreachable or refuses.</summary>
    public async Task<bool> PostAsync(WorkerTarget worker, string pathAndQuery, object? body, CancellationToken ct) =>
        await SendNudgeAsync(worker, pathAndQuery, body, ct) == NudgeOutcome.Accepted;

    /// <summary>
    /// POSTs a nudge; a 429 is retried once after its Retry-After (at most <see cref="MaxRetryAfter"/>). Never throws
    /// for the worker's or the pipeline's refusals (429, RateLimiterRejectedException, a broken circuit, a timeout).
    /// </summary>
    public async Task<NudgeOutcome> SendNudgeAsync(WorkerTarget worker, string pathAndQuery, object? body, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
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
                if (response.IsSuccessStatusCode)
                {
                    return NudgeOutcome.Accepted;
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt == 0
                    && RetryAfter(response) is { } wait && wait <= MaxRetryAfter)
                {
                    await Task.Delay(wait, ct);
                    continue;
                }

                logger.LogWarning("Worker {Worker} refused {Path}: {Status}", worker.Url, pathAndQuery, (int)response.StatusCode);
                return NudgeOutcome.Refused;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && WorkerClients.IsTransportFailure(ex))
            {
                logger.LogWarning("Worker {Worker} unreachable for {Path}: {Error}", worker.Url, pathAndQuery, ex.Message);
                return NudgeOutcome.Unreachable;
            }
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => TimeSpan.FromMilliseconds(500),
        };
}

/// <summary>What became of one nudge.</summary>
public enum NudgeOutcome
{
    Accepted,
    Refused,
    Unreachable,
}

/// <summary>A worker to nudge: its base URL and, for a registered worker, the token it announced.</summary>
public sealed record WorkerTarget(Uri Url, string? NudgeToken);
