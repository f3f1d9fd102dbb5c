using System.Collections.Concurrent;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.WebApi;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Jobs;

/// <summary>
/// Renews the leases of every item this replica runs in one request, every third of the lease; an item whose lease
/// the Web says is gone (finished elsewhere, cancelled, rescued) is cancelled. A failed renewal is retried with
/// backoff rather than at the next period, so a stalled Web that comes back within the lease costs no lease.
/// </summary>
public sealed class LeaseRenewer(IServiceScopeFactory scopes, IOptions<WorkerOptions> options, TimeProvider time, ILogger<LeaseRenewer> logger)
{
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _held = new();

    /// <summary>Keeps renewing <paramref name="work"/>'s lease until the returned handle is disposed.</summary>
    public IDisposable Hold(ClaimedWork work, CancellationTokenSource item)
    {
        // Scrape tasks are short and leased by the scraper queue, which has no renewal route.
        if (work.ItemId is not { } id)
        {
            return NoHold.Instance;
        }

        _held[id] = item;
        return new Release(this, id);
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, options.Value.LeaseSeconds / 3.0));
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(failures == 0 ? period : RetryBackoff.After(failures), time, stop);
                var ids = _held.Keys.ToArray();
                if (ids.Length == 0)
                {
                    continue;
                }

                await using var scope = scopes.CreateAsyncScope();
                var lost = await scope.ServiceProvider.GetRequiredService<WebApiClient>().RenewLeasesAsync(ids, options.Value.LeaseSeconds, stop);
                failures = 0;
                foreach (var id in lost)
                {
                    if (_held.TryRemove(id, out var item))
                    {
                        logger.LogWarning("Lease of item {Id} is gone (finished elsewhere, cancelled or rescued); stopping it", id);
                        try
                        {
                            await item.CancelAsync();
                        }
                        catch (ObjectDisposedException)
                        {
                            // The item finished in the meantime.
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                logger.LogWarning("Lease renewal of {Count} item(s) failed: {Error}; retrying", _held.Count, ex.Message);
            }
        }
    }

    private sealed class Release(LeaseRenewer owner, long id) : IDisposable
    {
        public void Dispose() => owner._held.TryRemove(id, out _);
    }

    private sealed class NoHold : IDisposable
    {
        public static readonly NoHold Instance = new();

        public void Dispose()
        {
        }
    }
}
