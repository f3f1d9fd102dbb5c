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

    /// <summary>Records the request's key; true when it had been recorded before (the write was applied already).</summary>
    public static async Task<bool> AlreadyAppliedAsync(HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        var scoped = $"{http.Request.Path}|{key}";
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO processed_requests (key, at) VALUES ({scoped}, {time.GetUtcNow()}) ON CONFLICT (key) DO NOTHING", ct);
        return inserted == 0;
    }
}
