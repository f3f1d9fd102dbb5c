using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace InstaUploader.Web.Data;

/// <summary>
/// Applies a context's EF Core migrations at start. A Postgres advisory lock makes concurrent starts (several Web
/// replicas, or a restart racing the old process) apply them once.
/// </summary>
public static class DatabaseMigrator
{
    private const long AppLockKey = 0x1A5_7A_0001;

    public static Task MigrateAsync(IServiceProvider services, CancellationToken ct = default) =>
        MigrateAsync<AppDbContext>(services, AppLockKey, "", ct);

    /// <param name="lockKey">One advisory lock key per context, so contexts do not wait for each other.</param>
    /// <param name="label">Names the context in the log line ("scraper "), empty for the main one.</param>
    public static async Task MigrateAsync<TContext>(IServiceProvider services, long lockKey, string label, CancellationToken ct)
        where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseMigrator));

        // The session-level lock and the migration itself on the direct connection: through a transaction-mode
        // pooler the lock would be taken on one server connection and the migration run on others.
        var direct = DatabaseConnections.DirectString(scope.ServiceProvider.GetRequiredService<IConfiguration>());
        db.Database.SetConnectionString(direct);
        await using var conn = new NpgsqlConnection(direct);
        await conn.OpenAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_lock(@k)", conn))
        {
            lockCmd.Parameters.AddWithValue("k", lockKey);
            await lockCmd.ExecuteNonQueryAsync(ct);
        }

        try
        {
            // Npgsql's history repository reads the history table without checking that it exists, and EF logs the
            // "relation does not exist" of a fresh database as a failed command: an alarming first start. So the table
            // is created (if missing) first.
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} {Label}migration(s): {Migrations}", pending.Count, label, string.Join(", ", pending));
                await db.Database.MigrateAsync(ct);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", conn);
            unlock.Parameters.AddWithValue("k", lockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
