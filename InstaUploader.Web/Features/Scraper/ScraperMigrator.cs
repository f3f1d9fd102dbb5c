using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>Applies the scraper's migrations when the host starts (before Kestrel listens), as the main context's are.</summary>
public sealed class ScraperMigrator(IServiceProvider services) : IHostedService
{
    private const long MigrationLockKey = 0x1A5_7A_0004;

    public Task StartAsync(CancellationToken cancellationToken) => MigrateAsync(services, cancellationToken);

    public static Task MigrateAsync(IServiceProvider services, CancellationToken ct) =>
        DatabaseMigrator.MigrateAsync<ScraperDbContext>(services, MigrationLockKey, "scraper ", ct);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
