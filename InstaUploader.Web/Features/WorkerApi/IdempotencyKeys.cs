using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Idempotency-Key support for writes that add (counters) or append (logs): the resilience pipeline retries
/// requests whose responses were lost, and such a retry must not count twice. Run inside the write's transaction.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    /// <summary>
    /// Records the request's key; true when it had been recorded before (the write was applied already). Call it inside
    /// the transaction of the write it guards, so the key is committed with the effect or not at all.
    /// </summary>
    public static Task<bool> AlreadyAppliedAsync(HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct) =>
        AlreadyAppliedAsync(ScopedKey(http), db, time, ct);

    /// <summary>As above, for a key already scoped by <see cref="ScopedKey"/> (null: no key, never a duplicate).</summary>
    public static async Task<bool> AlreadyAppliedAsync(string? scopedKey, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An idempotency key must be recorded in the transaction of its write.");
        }

        if (scopedKey is not { } scoped)
        {
            return false;
        }

        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO processed_requests (key, at) VALUES ({scoped}, {time.GetUtcNow()}) ON CONFLICT (key) DO NOTHING", ct);
        return inserted == 0;
    }

    /// <summary>The request's Idempotency-Key scoped to its route (one key may be reused on another route), or null without one.</summary>
    public static string? ScopedKey(HttpContext http) =>
        http.Request.Headers[Header].ToString() is { } key && !string.IsNullOrWhiteSpace(key) ? $"{http.Request.Path}|{key}" : null;
}
