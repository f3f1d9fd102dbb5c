using System.Threading.Channels;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Upkeep;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// Queue upkeep every RescueIntervalSeconds, for every <see cref="IWorkSource"/> (upload items and scrape tasks): returns
/// work whose worker died (lease expired) to its queue, and when rescued or backed-off work has become due, nudges the
/// workers so they claim it now rather than at their next fallback poll (like River's scheduler waking its producers).
/// Only the <see cref="UpkeepLeader"/> replica does it, so several Web replicas wake the workers once.
/// </summary>
public sealed class LeaseRescuer(
    IServiceScopeFactory scopes,
    IOptions<QueueOptions> options,
    Channel<DispatchRequest> dispatch,
    UpkeepLeader leader,
    TimeProvider time,
    ILogger<LeaseRescuer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RescueIntervalSeconds), time);
        var since = time.GetUtcNow();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!leader.IsLeader)
            {
                continue;
            }

            var now = time.GetUtcNow();
            var runnable = 0;
            await using var scope = scopes.CreateAsyncScope();
            foreach (var source in scope.ServiceProvider.GetRequiredService<WorkSources>().All)
            {
                // One source failing (say the scraper's tables are being migrated) does not hold the others' work.
                try
                {
                    runnable += await source.RescueExpiredAsync(stoppingToken);
                    runnable += await source.CountBecameDueAsync(since, now, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Lease rescue pass of {Source} failed", source.GetType().Name);
                }
            }

            since = now;
            if (runnable > 0)
            {
                dispatch.Writer.TryWrite(DispatchRequest.WakeWorkers);
            }
        }
    }
}
