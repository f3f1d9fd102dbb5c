using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Upkeep;

/// <summary>
/// Forgets applied Idempotency-Keys once no retry can still carry them: a worker retries a write for minutes (counters
/// up to ~2.5 min), never for a day. Without this the table grows by a row per log batch and counter report forever.
/// Runs on the <see cref="UpkeepLeader"/> replica only, in bounded batches so a large backlog never holds a long lock.
/// </summary>
public sealed class IdempotencyKeyPruner(IServiceScopeFactory scopes, UpkeepLeader leader, TimeProvider time, ILogger<IdempotencyKeyPruner> logger)
    : LeaderLoop(leader, time, logger)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    private const int BatchSize = 10_000;

    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var removed = await PruneAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), Time.GetUtcNow() - Retention, ct);
        if (removed > 0)
        {
            Logger.LogInformation("Forgot {Count} Idempotency-Keys older than {Retention}", removed, Retention);
        }
    }

    /// <summary>Deletes keys recorded before <paramref name="cutoff"/>, a batch per statement; returns how many.</summary>
    public static async Task<int> PruneAsync(AppDbContext db, DateTimeOffset cutoff, CancellationToken ct)
    {
        var total = 0;
        int removed;
        do
        {
            removed = await db.Database.ExecuteSqlInterpolatedAsync($"""
                DELETE FROM processed_requests WHERE key IN (
                    SELECT key FROM processed_requests WHERE at < {cutoff} ORDER BY at LIMIT {BatchSize})
                """, ct);
            total += removed;
        }
        while (removed == BatchSize);

        return total;
    }
}
