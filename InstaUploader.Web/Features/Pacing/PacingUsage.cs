using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Pacing;

/// <summary>
/// What an account did of one action in the last hour and day windows, summed from its action events: the one
/// definition of usage behind the claim's pauses, the account page, the API and the metrics.
/// </summary>
public sealed record PacingUsage(int LastHour, int LastDay, DateTimeOffset? OldestInHour, DateTimeOffset? OldestInDay)
{
    public static async Task<PacingUsage> OfAsync(AppDbContext db, int accountId, string action, DateTimeOffset now, PacingOptions o, CancellationToken ct)
    {
        var all = await AllAsync(db, [accountId], now, o, ct);
        return all.TryGetValue((accountId, action), out var usage) ? usage : new PacingUsage(0, 0, null, null);
    }

    /// <summary>Usage per (account, action) of <paramref name="accountIds"/> at <paramref name="now"/>.</summary>
    public static async Task<Dictionary<(int AccountId, string Action), PacingUsage>> AllAsync(
        AppDbContext db, int[] accountIds, DateTimeOffset now, PacingOptions o, CancellationToken ct)
    {
        var dayStart = now - o.Day;
        var hourStart = now - o.Hour;
        var rows = await db.ActionEvents.AsNoTracking()
            .Where(e => accountIds.Contains(e.AccountId) && e.OccurredAt > dayStart && e.OccurredAt <= now)
            .GroupBy(e => new { e.AccountId, e.Action })
            .Select(g => new
            {
                g.Key.AccountId,
                g.Key.Action,
                Day = g.Sum(e => e.Count),
                Hour = g.Where(e => e.OccurredAt > hourStart).Sum(e => e.Count),
                OldestInDay = g.Min(e => (DateTimeOffset?)e.OccurredAt),
                OldestInHour = g.Where(e => e.OccurredAt > hourStart).Min(e => (DateTimeOffset?)e.OccurredAt),
            })
            .ToListAsync(ct);
        return rows.ToDictionary(r => (r.AccountId, r.Action), r => new PacingUsage(r.Hour, r.Day, r.OldestInHour, r.OldestInDay));
    }
}
