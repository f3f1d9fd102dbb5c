using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Pacing;

/// <summary>Today's usage of one action against its caps, and the pause it is under, if any.</summary>
public sealed record ActionUsage(string Action, string Label, int LastHour, int LastDay, EffectiveCap Cap, DateTimeOffset? PausedUntil);

/// <summary>An account's pacing as its page shows it: health and why, pace, usage against each cap, the decisions' timeline.</summary>
public sealed record AccountPacingView(
    string Health, string Explanation, string? HealthReason, DateTimeOffset? CoolingUntil, double Pace, double ProxyPace,
    IReadOnlyList<ActionUsage> Usage, IReadOnlyList<PacingEvent> Timeline);

/// <summary>Read side of pacing for the console and the API.</summary>
public sealed class PacingQueries(AppDbContext db, IOptions<PacingOptions> options, TimeProvider time)
{
    public async Task<AccountPacingView?> AccountAsync(int accountId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        var account = await db.Accounts.AsNoTracking().Include(a => a.Proxy).FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return null;
        }

        var usage = await PacingUsage.AllAsync(db, [accountId], now, o, ct);
        var overrides = await db.ActionLimits.AsNoTracking().Where(l => l.AccountId == null || l.AccountId == accountId).ToListAsync(ct);
        var pauses = await db.AccountPauses.AsNoTracking().Where(p => p.AccountId == accountId && p.Until > now).ToDictionaryAsync(p => p.Action, p => p.Until, ct);
        var proxyPace = account.Proxy?.Pace ?? 1;
        var rows = PacingActions.All.Select(action =>
        {
            var used = usage.GetValueOrDefault((accountId, action)) ?? new PacingUsage(0, 0, null, null);
            var cap = ActionCaps.For(action, now - account.CreatedAt, Math.Min(account.Pace, proxyPace), o, overrides);
            return new ActionUsage(action, PacingActions.Label(action), used.LastHour, used.LastDay, cap, pauses.TryGetValue(action, out var until) ? until : null);
        }).ToList();
        var timeline = await db.PacingEvents.AsNoTracking().Where(e => e.AccountId == accountId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(50).ToListAsync(ct);
        var health = AccountHealth.Effective(account.Health, account.CoolingUntil, now);
        return new AccountPacingView(health, AccountHealth.Explain(health, account.CoolingUntil),
            health == AccountHealth.Healthy ? null : account.HealthReason, account.CoolingUntil, account.Pace, proxyPace, rows, timeline);
    }

    /// <summary>Accounts per health (as of now), every state present.</summary>
    public async Task<IReadOnlyDictionary<string, int>> HealthCountsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await db.Accounts.AsNoTracking().Select(a => new { a.Health, a.CoolingUntil }).ToListAsync(ct);
        var counts = AccountHealth.All.ToDictionary(h => h, _ => 0);
        foreach (var row in rows)
        {
            var health = AccountHealth.Effective(row.Health, row.CoolingUntil, now);
            counts[health] = counts.GetValueOrDefault(health) + 1;
        }

        return counts;
    }

    /// <summary>The fleet alert of the last hour, if one was raised.</summary>
    public Task<PacingEvent?> ActiveAlertAsync(CancellationToken ct)
    {
        var since = time.GetUtcNow() - TimeSpan.FromHours(1);
        return db.PacingEvents.AsNoTracking().Where(e => e.Kind == PacingEventKinds.Alert && e.At > since)
            .OrderByDescending(e => e.At).FirstOrDefaultAsync(ct);
    }
}
