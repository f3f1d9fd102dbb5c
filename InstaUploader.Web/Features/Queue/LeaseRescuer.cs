using System.Threading.Channels;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Upkeep;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// Queue upkeep every RescueIntervalSeconds: returns work whose worker died (lease expired) to the queue (see
/// WorkItems.RescueExpiredAsync), and when rescued or backed-off items have become due, nudges the workers so
/// they claim them now rather than at their next fallback poll (like River's scheduler waking its producers).
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

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var queue = scope.ServiceProvider.GetRequiredService<WorkItems>();
                var rescued = await queue.RescueExpiredAsync(stoppingToken);
                var now = time.GetUtcNow();
                var due = await queue.CountBecameDueAsync(since, now, stoppingToken);
                since = now;
                if (rescued + due > 0)
                {
                    dispatch.Writer.TryWrite(DispatchRequest.WakeWorkers);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Lease rescue pass failed");
            }
        }
    }
}
