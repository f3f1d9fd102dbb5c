using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>
/// Applies the scraper's migrations when the host starts (before Kestrel listens), under a Postgres advisory
/// lock so several Web replicas starting together apply them once — the same pattern as DatabaseMigrator.
/// </summary>
public sealed class ScraperMigrator(IServiceProvider services, ILogger<ScraperMigrator> logger) : IHostedService
{
    private const long MigrationLockKey = 0x1A5_7A_0004;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScraperDbContext>();

        await using var conn = new NpgsqlConnection(db.Database.GetConnectionString());
        await conn.OpenAsync(cancellationToken);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_lock(@k)", conn))
        {
            lockCmd.Parameters.AddWithValue("k", MigrationLockKey);
            await lockCmd.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} scraper migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(cancellationToken);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", conn);
            unlock.Parameters.AddWithValue("k", MigrationLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
