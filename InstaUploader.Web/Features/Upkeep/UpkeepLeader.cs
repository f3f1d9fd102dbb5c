using InstaUploader.Web.Data;
using Npgsql;

namespace InstaUploader.Web.Features.Upkeep;

/// <summary>
/// Picks the one Web replica that runs the upkeep loops (lease rescue, due-work wakes, worker health polls, the
/// scraper's rescuer): whoever holds a session-level PostgreSQL advisory lock on its own connection. The others
/// try again every <see cref="CheckInterval"/>, so a leader that dies (its session ends and the lock with it) is
/// replaced within seconds. The leader pings its session; if the database goes away it stops leading at once and
/// takes the lock again on a new connection once the database is back. The session asks the server to end it when
/// it sits idle longer than <see cref="SessionIdleLimit"/>, so a leader cut off from the database loses the lock on
/// the server side too rather than holding it until TCP notices.
/// </summary>
public sealed class UpkeepLeader(IConfiguration config, ILogger<UpkeepLeader> logger) : BackgroundService
{
    public const long DefaultLockKey = 0x1A5_7A_0010;
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SessionIdleLimit = TimeSpan.FromSeconds(15);

    private volatile bool _leading;

    /// <summary>Tests elect among their own instances with a key of their own.</summary>
    internal long LockKey { get; init; } = DefaultLockKey;

    /// <summary>True while this replica holds the upkeep lock.</summary>
    public bool IsLeader => _leading;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(DatabaseConnections.DirectString(config))
        {
            Pooling = false,
            ApplicationName = "instauploader-upkeep-leader",
            CommandTimeout = 5,
            KeepAlive = 5,
        }.ConnectionString;
        string? lastError = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = new NpgsqlConnection(connectionString);
                await conn.OpenAsync(stoppingToken);
                await ExecuteAsync(conn, $"SET idle_session_timeout = '{(int)SessionIdleLimit.TotalMilliseconds}ms'", stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    if (!_leading && await ExecuteAsync(conn, $"SELECT pg_try_advisory_lock({LockKey})", stoppingToken) is true)
                    {
                        _leading = true;
                        logger.LogInformation("This Web replica now runs the upkeep loops");
                    }
                    else if (_leading)
                    {
                        await ExecuteAsync(conn, "SELECT 1", stoppingToken);
                    }

                    await Task.Delay(CheckInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                if (_leading)
                {
                    logger.LogWarning("Lost the upkeep lock with the database connection: {Error}", ex.Message);
                }
                else if (ex.Message != lastError)
                {
                    logger.LogWarning("Cannot try for the upkeep lock: {Error}", ex.Message);
                }

                lastError = ex.Message;

                _leading = false;
                try
                {
                    await Task.Delay(CheckInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        // Closing the connection (above) releases the lock; a stopping replica hands over at once.
        _leading = false;
    }

    private static async Task<object?> ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync(ct);
    }
}
