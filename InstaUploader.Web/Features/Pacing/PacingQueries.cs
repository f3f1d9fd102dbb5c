using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Pacing;

/// <summary>Today's usage of one action against its caps, and the pause it is under (until when, why), if any.</summary>
public sealed record ActionUsage(
    string Action, string Label, int LastHour, int LastDay, EffectiveCap Cap, DateTimeOffset? PausedUntil, string? PausedWhy = null);

/// <summary>
/// Something that keeps the account's work back right now, as the claim applies it: <see cref="What"/> waits until
/// <see cref="Until"/> (null: until a person acts) because of <see cref="Why"/>, the automatic decision's own reason.
/// </summary>
public sealed record PacingHold(string What, DateTimeOffset? Until, string Why);

/// <summary>
/// An account's pacing as its page shows it: health and why, pace and why, what holds its work back now, usage against
/// each cap, the decisions' timeline.
/// </summary>
public sealed record AccountPacingView(
    string Health, string Explanation, string? HealthReason, DateTimeOffset? CoolingUntil, double Pace, double ProxyPace,
    IReadOnlyList<ActionUsage> Usage, IReadOnlyList<PacingEvent> Timeline, IReadOnlyList<PacingHold>? Holds = null, string? PaceReason = null);

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
        var overrides = await CapOverrides.For(db, accountId, account.WorkspaceId).AsNoTracking().ToListAsync(ct);
        var pauses = await db.AccountPauses.AsNoTracking().Where(p => p.AccountId == accountId && p.Until > now).ToDictionaryAsync(p => p.Action, ct);
        var proxyPace = account.Proxy?.Pace ?? 1;
        var rows = PacingActions.All.Select(action =>
        {
            var used = usage.GetValueOrDefault((accountId, action)) ?? new PacingUsage(0, 0, null, null);
            var cap = ActionCaps.For(action, now - account.CreatedAt, Math.Min(account.Pace, proxyPace), o, overrides);
            var pause = pauses.GetValueOrDefault(action);
            return new ActionUsage(action, PacingActions.Label(action), used.LastHour, used.LastDay, cap, pause?.Until, pause?.Reason);
        }).ToList();
        var timeline = await db.PacingEvents.AsNoTracking().Where(e => e.AccountId == accountId)
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(50).ToListAsync(ct);
        var health = AccountHealth.Effective(account.Health, account.CoolingUntil, now);
        var holds = await HoldsAsync(account, health, rows, now, ct);
        // The pace is below whole because of the last decision that moved it.
        var paceReason = account.Pace < 1
            ? timeline.FirstOrDefault(e => e.Kind is PacingEventKinds.Health or PacingEventKinds.Pace)?.Reason
            : null;
        return new AccountPacingView(health, AccountHealth.Explain(health, account.CoolingUntil),
            health == AccountHealth.Healthy ? null : account.HealthReason, account.CoolingUntil, account.Pace, proxyPace, rows, timeline,
            holds, paceReason);
    }

    // The same reasons the claim holds an account back for (WorkItems.Pacing): a person needed, its or its proxy's
    // cool-down, a cap used up.
    private async Task<List<PacingHold>> HoldsAsync(Account account, string health, List<ActionUsage> usage, DateTimeOffset now, CancellationToken ct)
    {
        var holds = new List<PacingHold>();
        if (AccountHealth.NeedsPerson(health))
        {
            holds.Add(new PacingHold("All work but a login task", null, account.HealthReason ?? AccountHealth.Explain(health, null)));
        }

        if (account.CoolingUntil > now)
        {
            holds.Add(new PacingHold("All work (cool-down)", account.CoolingUntil, account.HealthReason ?? "pushed back by Instagram"));
        }

        if (account.Proxy is { } proxy && proxy.CoolingUntil > now)
        {
            var why = await db.PacingEvents.AsNoTracking().Where(e => e.ProxyId == proxy.Id && e.Kind == PacingEventKinds.Proxy)
                .OrderByDescending(e => e.At).Select(e => e.Reason).FirstOrDefaultAsync(ct);
            holds.Add(new PacingHold($"All work (its proxy {proxy.Display} rests)", proxy.CoolingUntil, why ?? "several accounts of the proxy were pushed back"));
        }

        holds.AddRange(usage.Where(u => u.PausedUntil is not null)
            .Select(u => new PacingHold($"{u.Label} (cap used up)", u.PausedUntil, u.PausedWhy ?? "cap reached")));
        return holds;
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
