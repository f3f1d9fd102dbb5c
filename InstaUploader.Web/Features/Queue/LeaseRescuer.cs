using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Queue;

/// <summary>Periodically returns work whose worker died (lease expired) to the queue; see WorkQueue.RescueExpiredAsync.</summary>
public sealed class LeaseRescuer(IServiceScopeFactory scopes, IOptions<QueueOptions> options, TimeProvider time, ILogger<LeaseRescuer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RescueIntervalSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<WorkQueue>().RescueExpiredAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Lease rescue pass failed");
            }
        }
    }
}
