using System.Threading.Channels;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Upkeep;
using InstaUploader.Web.Features.Workers;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// Queue upkeep every RescueIntervalSeconds, for every <see cref="IWorkSource"/> (upload items and scrape tasks): returns
/// work whose worker died (lease expired) to its queue, hands back at once the items of workers that went silent and
/// do not answer (<see cref="SilentWorkers"/>), and when rescued or backed-off work has become due, nudges the
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
        var interval = TimeSpan.FromSeconds(options.Value.RescueIntervalSeconds);
        using var timer = new PeriodicTimer(interval, time);
        var since = time.GetUtcNow();
        var awake = since;
        var trustHeartbeatsFrom = since + SilentWorkers.SilentAfter;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetUtcNow();
            if (now - awake > interval + TimeSpan.FromSeconds(2))
            {
                // This process was frozen or starved: the workers' heartbeats could not land meanwhile, so none is
                // judged silent until each has had a heartbeat interval to be heard again.
                trustHeartbeatsFrom = now + SilentWorkers.SilentAfter;
            }

            if (leader.IsLeader)
            {
                await PassAsync(since, now, silentWorkersToo: options.Value.RescueSilentWorkers && now >= trustHeartbeatsFrom, stoppingToken);
            }

            since = now;
            // Measured from the end of a pass, so a long pass (probes of silent workers) is not taken for a freeze.
            awake = time.GetUtcNow();
        }
    }

    private async Task PassAsync(DateTimeOffset since, DateTimeOffset now, bool silentWorkersToo, CancellationToken stoppingToken)
    {
        var runnable = 0;
        await using var scope = scopes.CreateAsyncScope();
        if (silentWorkersToo)
        {
            try
            {
                runnable += await scope.ServiceProvider.GetRequiredService<SilentWorkers>().RescueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Silent-worker rescue pass failed");
            }
        }

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

        if (runnable > 0)
        {
            dispatch.Writer.TryWrite(DispatchRequest.WakeWorkers);
        }
    }
}
