using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace InstaUploader.Web.Features.Workers;

/// <summary>
/// The two HttpClients toward workers, each with a pipeline of its own instead of the service defaults' standard one:
/// the standard handler retries (so a worker's 429s multiply), admits 1,000 concurrent requests (the rest throw
/// RateLimiterRejectedException) and opens a circuit breaker per client name — shared, it let dispatch refusals take
/// the health poll down with them. Both callers bound their own concurrency and time out each call.
/// </summary>
public static class WorkerClients
{
    public static IHostApplicationBuilder AddWorkerClients(this IHostApplicationBuilder builder)
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to replace the defaults.
        builder.Services.AddHttpClient<WorkerControlClient>()
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler("worker-dispatch", p => p.AddTimeout(WorkerControlClient.NudgeTimeout));
        builder.Services.AddHttpClient<WorkerHealthClient>()
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler("worker-health", p => p.AddTimeout(WorkerHealthClient.Timeout));
#pragma warning restore EXTEXP0001
        return builder;
    }

    /// <summary>A worker that could not be reached or a pipeline that refused the call: an answer of "no", not a fault.</summary>
    public static bool IsTransportFailure(Exception ex) =>
        ex is HttpRequestException or OperationCanceledException or Polly.RateLimiting.RateLimiterRejectedException
            or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException;
}
