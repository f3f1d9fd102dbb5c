using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// The DbContext's own connection, opened for the hand-written statements of the hot queue paths (claim, complete):
/// one round trip each, where EF's query pipeline, change tracking and follow-up loads cost several. Closed on dispose.
/// </summary>
internal sealed class QueueConnection : IAsyncDisposable
{
    private readonly AppDbContext _db;
    private readonly NpgsqlConnection _connection;
    private readonly ValueConverter _secrets;

    private QueueConnection(AppDbContext db)
    {
        _db = db;
        _connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // Every secret column shares one SecretConverter (see AppDbContext); take it from the model rather than rebuild it.
        _secrets = db.Model.FindEntityType(typeof(Account))!.FindProperty(nameof(Account.Password))!.GetValueConverter()!;
    }

    public static async Task<QueueConnection> OpenAsync(AppDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return new QueueConnection(db);
    }

    private NpgsqlTransaction? Transaction => _db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;

    public NpgsqlCommand Command(string sql) => new(sql, _connection, Transaction);

    /// <summary>Statements sent in one round trip; without an open transaction they run in one implicit transaction.</summary>
    public NpgsqlBatch Batch() => new(_connection, Transaction);

    /// <summary>
    /// Runs <paramref name="statement"/> again when PostgreSQL broke a deadlock by rolling it back (two statements
    /// locking the same items in different orders), as long as no surrounding transaction was rolled back with it.
    /// </summary>
    public async Task<T> RetryDeadlocksAsync<T>(Func<Task<T>> statement)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await statement();
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && Transaction is null && attempt < MaxDeadlockRetries)
            {
                // The statement rolled back whole; run it again.
            }
        }
    }

    private const int MaxDeadlockRetries = 3;

    public string Unprotect(string stored) => (string)_secrets.ConvertFromProvider(stored)!;

    public ValueTask DisposeAsync() => new(_db.Database.CloseConnectionAsync());
}
