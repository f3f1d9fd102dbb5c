using System.Collections.Concurrent;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.WebApi;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Jobs;

/// <summary>
/// Renews the leases of every item this replica runs in one request, every third of the lease and at least every
/// <see cref="MaxPeriod"/>; an item whose lease the Web says is gone (finished elsewhere, cancelled, rescued) is
/// cancelled. A failed renewal is retried with backoff rather than at the next period, so a stalled Web that comes back
/// within the lease costs no lease. Before a step that cannot be undone (posting a reel) a runner asks
/// <see cref="EnsureHeldAsync"/>, which answers from the last renewal while it is recent and asks the Web otherwise.
/// </summary>
public sealed class LeaseRenewer(IServiceScopeFactory scopes, IOptions<WorkerOptions> options, TimeProvider time, ILogger<LeaseRenewer> logger)
{
    /// <summary>
    /// Shorter than the Web's silent-worker rescue (a heartbeat interval and more, docs/protocol.md#rescue), so a process
    /// frozen long enough to be rescued finds its renewal overdue the moment it thaws and stops the rescued items then,
    /// not a third of a lease later. One small request per replica: cheap.
    /// </summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a renewal's word is trusted before a step that cannot be undone: under the Web's 12 s of silence before
    /// it may hand a worker's items to another, with a margin. A process frozen longer finds it stale on thawing.
    /// </summary>
    public static readonly TimeSpan TrustedFor = TimeSpan.FromSeconds(7);

    private readonly ConcurrentDictionary<long, CancellationTokenSource> _held = new();
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private const long Never = -1;
    private long _confirmedAt = Never;

    /// <summary>Keeps renewing <paramref name="work"/>'s lease until the returned handle is disposed.</summary>
    public IDisposable Hold(ClaimedWork work, CancellationTokenSource item)
    {
        // Scrape tasks are short and leased by the scraper queue, which has no renewal route.
        if (work.ItemId is not { } id)
        {
            return NoHold.Instance;
        }

        // Claimed again while an earlier run of it is still here (this process froze, the item was rescued, and it
        // claimed it anew on thawing): that run's lease is gone by definition, so it stops.
        var stale = default(CancellationTokenSource);
        _held.AddOrUpdate(id, item, (_, earlier) =>
        {
            stale = earlier;
            return item;
        });
        if (stale is not null && stale != item)
        {
            logger.LogWarning("Item {Id} was claimed again while an earlier run of it was still here; stopping that run", id);
            CancelQuietly(stale);
        }

        return new Release(this, id, item);
    }

    private static void CancelQuietly(CancellationTokenSource item)
    {
        try
        {
            item.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run finished in the meantime.
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(options.Value.LeaseSeconds / 3.0, 1, MaxPeriod.TotalSeconds));
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(failures == 0 ? period : RetryBackoff.After(failures), time, stop);
                await RenewHeldAsync(stop);
                failures = 0;
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

    /// <summary>
    /// Returns once the Web has confirmed within <see cref="TrustedFor"/> that item <paramref name="id"/> is still this
    /// replica's (asking it now when the last word is older, and again while the Web cannot be reached); throws
    /// <see cref="OperationCanceledException"/> when the lease is gone.
    /// </summary>
    public async Task EnsureHeldAsync(long id, CancellationToken ct)
    {
        for (var failures = 0; ; )
        {
            if (!_held.ContainsKey(id))
            {
                throw new OperationCanceledException($"The lease of item {id} is gone.", ct);
            }

            if (Volatile.Read(ref _confirmedAt) is var at and not Never && time.GetElapsedTime(at) < TrustedFor)
            {
                return;
            }

            try
            {
                await RenewHeldAsync(ct);
                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not knowing is not permission: wait for the Web rather than act on a lease that may be gone.
                logger.LogWarning("Could not confirm the lease of item {Id}: {Error}; asking again", id, ex.Message);
                await Task.Delay(RetryBackoff.After(++failures), time, ct);
            }
        }
    }

    /// <summary>One renewal of every held lease (one at a time, so a runner's check and the period share it).</summary>
    private async Task RenewHeldAsync(CancellationToken ct)
    {
        await _renewing.WaitAsync(ct);
        try
        {
            var ids = _held.Keys.ToArray();
            var asked = time.GetTimestamp();
            if (ids.Length == 0)
            {
                return;
            }

            await using var scope = scopes.CreateAsyncScope();
            var lost = await scope.ServiceProvider.GetRequiredService<WebApiClient>().RenewLeasesAsync(ids, options.Value.LeaseSeconds, ct);
            foreach (var id in lost)
            {
                if (_held.TryRemove(id, out var item))
                {
                    logger.LogWarning("Lease of item {Id} is gone (finished elsewhere, cancelled or rescued); stopping it", id);
                    CancelQuietly(item);
                }
            }

            // What the Web said holds from when it was asked, not from when the answer came.
            Volatile.Write(ref _confirmedAt, asked);
        }
        finally
        {
            _renewing.Release();
        }
    }

    private sealed class Release(LeaseRenewer owner, long id, CancellationTokenSource item) : IDisposable
    {
        // Only this run's own entry: a later run of the same item keeps its lease.
        public void Dispose() => owner._held.TryRemove(KeyValuePair.Create(id, item));
    }

    private sealed class NoHold : IDisposable
    {
        public static readonly NoHold Instance = new();

        public void Dispose()
        {
        }
    }
}
