using System.Collections.Concurrent;
using Npgsql;

namespace InstaUploader.Web.Data;

/// <summary>
/// The Web's two connection strings (README "Connection budget"). <c>instauploader</c> carries the request path and may
/// point at a transaction-mode pooler (PgBouncer, a CloudNativePG Pooler); <c>instauploader-direct</c> reaches PostgreSQL
/// itself for what needs a session of its own — LISTEN, the upkeep leader's advisory lock, the migrator's lock — and
/// falls back to the first when not set (a single database without a pooler).
/// </summary>
public static class DatabaseConnections
{
    public const string Pooled = WebServices.DatabaseName;
    public const string Direct = WebServices.DatabaseName + "-direct";

    /// <summary>The pool size of the request path when the connection string sets none (Npgsql's own default is 100).</summary>
    public const int DefaultMaxPoolSize = 30;

    public static string PooledString(IConfiguration config)
    {
        var given = config.GetConnectionString(Pooled)
            ?? throw new InvalidOperationException($"ConnectionStrings__{Pooled} is not set.");
        var builder = new NpgsqlConnectionStringBuilder(given);
        if (!given.Contains("Pool Size", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        return builder.ConnectionString;
    }

    public static string DirectString(IConfiguration config) =>
        config.GetConnectionString(Direct) is { Length: > 0 } direct ? direct : PooledString(config);

    private static readonly ConcurrentDictionary<string, bool> BehindPooler = new();

    /// <summary>
    /// Prepares the statement on the server, except on a connection marked for a transaction-mode pooler by
    /// <c>No Reset On Close=true</c> (which such a pooler needs anyway): a statement prepared on one server connection
    /// is unknown on the next, and PgBouncer before 1.21 (Debian 12 ships 1.18) cannot track them.
    /// </summary>
    public static Task PrepareUnlessPooledAsync(this NpgsqlCommand command, CancellationToken ct) =>
        IsBehindPooler(command.Connection) ? Task.CompletedTask : command.PrepareAsync(ct);

    /// <inheritdoc cref="PrepareUnlessPooledAsync(NpgsqlCommand, CancellationToken)"/>
    public static Task PrepareUnlessPooledAsync(this NpgsqlBatch batch, CancellationToken ct) =>
        IsBehindPooler(batch.Connection) ? Task.CompletedTask : batch.PrepareAsync(ct);

    private static bool IsBehindPooler(NpgsqlConnection? connection) =>
        connection is not null && BehindPooler.GetOrAdd(connection.ConnectionString, s => new NpgsqlConnectionStringBuilder(s).NoResetOnClose);
}
