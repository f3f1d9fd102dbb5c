using InstaUploader.Web.Features.Upkeep;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>Periodically returns scrape tasks whose worker stopped reporting (expired lease) to the queue; on the upkeep leader only.</summary>
public sealed class ScrapeLeaseRescuer(IServiceScopeFactory scopes, UpkeepLeader leader, TimeProvider time, ILogger<ScrapeLeaseRescuer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!leader.IsLeader)
            {
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ScraperQueue>().RescueExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Rescuing expired scrape leases failed; retrying in {Interval}", Interval);
            }
        }
    }
}
