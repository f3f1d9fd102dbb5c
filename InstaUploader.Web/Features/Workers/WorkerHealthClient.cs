namespace InstaUploader.Web.Features.Workers;

/// <summary>
/// The health poll's client of GET /api/v1/health. Its resilience pipeline is its own (<see cref="WorkerClients"/>):
/// refusals of dispatch calls must never mark healthy workers offline through a shared circuit breaker.
/// </summary>
public sealed class WorkerHealthClient(HttpClient http)
{
    /// <summary>How long one worker's health answer is waited for.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<bool> IsHealthyAsync(Uri workerBase, CancellationToken ct) =>
        await ProbeAsync(workerBase, Timeout, ct) is { } status && (int)status is >= 200 and < 300;

    /// <summary>
    /// Whether the process at <paramref name="workerBase"/> answers its health route at all within
    /// <paramref name="timeout"/>: any HTTP answer, even an error, shows a live process. Only silence (refused, reset,
    /// timed out) counts as none.
    /// </summary>
    public async Task<bool> AnswersAsync(Uri workerBase, TimeSpan timeout, CancellationToken ct) =>
        await ProbeAsync(workerBase, timeout, ct) is not null;

    /// <summary>The status the health route answered with, or null when nothing answered in time.</summary>
    private async Task<System.Net.HttpStatusCode?> ProbeAsync(Uri workerBase, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            using var response = await http.GetAsync(new Uri(workerBase, ControlRoutes.Health), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return response.StatusCode;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && WorkerClients.IsTransportFailure(ex))
        {
            return null;
        }
    }
}
