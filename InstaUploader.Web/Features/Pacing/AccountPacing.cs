using InstaUploader.Contracts.Queue;
using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace InstaUploader.Web.Features.Pacing;

/// <summary>A finished run as pacing sees it: its account, its kind, and how Instagram answered.</summary>
/// <see cref="RetryAfter"/>: how long Instagram (or the worker's backoff for its answer) said to wait.
public sealed record FinishedRun(
    long ItemId, int AccountId, string Kind, bool Done, string? PushBack, string? AccountStatus, string? Error, TimeSpan? RetryAfter = null);

/// <summary>An account's queued work (of one action, or all of it when <see cref="Action"/> is null) due no sooner than <see cref="Until"/>.</summary>
public sealed record Deferral(int AccountId, string? Action, DateTimeOffset Until, string Reason);

/// <summary>
/// The one place Instagram's signals reach pacing and health: every finished run (WorkItems calls this after a
/// completion) records what the account did, cuts or restores its pace (and its proxy's), moves its health, records each
/// decision with its reason, and answers what must wait (a cool-down, a cap used up) for WorkItems to defer.
/// </summary>
public sealed class AccountPacing(AppDbContext db, IOptions<PacingOptions> options, TimeProvider time, PacingAlerts alerts)
{
    private bool alertDue;

    // Counters are totals per item; what an item has not yet been credited with becomes new events, so a retried item
    // is never counted twice.
    private static readonly string RecordActionsSql = $"""
        INSERT INTO action_events (account_id, proxy_id, item_id, action, count, occurred_at)
        SELECT i.account_id, a.proxy_id, i.id, x.action, x.n - x.credited, @now
        FROM task_items i
        JOIN accounts a ON a.id = i.account_id
        CROSS JOIN LATERAL (
            SELECT v.action, v.n, COALESCE((SELECT SUM(e.count) FROM action_events e WHERE e.item_id = i.id AND e.action = v.action), 0) AS credited
            FROM (VALUES ('{PacingActions.Follow}', i.follows), ('{PacingActions.Like}', i.likes), ('{PacingActions.StoryView}', i.viewed),
                         (CASE WHEN i.kind IN ('{TaskKinds.Warmup}', '{TaskKinds.Follow}') THEN NULL ELSE {PacingActions.ForKindSql("i.kind")} END, i.success)) v(action, n)
            WHERE v.action IS NOT NULL) x
        WHERE i.id = ANY(@ids) AND x.n > x.credited
        """;

    public async Task<IReadOnlyList<Deferral>> ObserveAsync(IReadOnlyList<FinishedRun> runs, CancellationToken ct)
    {
        if (runs.Count == 0)
        {
            return [];
        }

        var o = options.Value;
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlRawAsync(RecordActionsSql,
            [new NpgsqlParameter<long[]>("ids", [.. runs.Select(r => r.ItemId)]), new NpgsqlParameter<DateTimeOffset>("now", now)], ct);

        var deferrals = new List<Deferral>();
        var leftHealthy = false;
        foreach (var run in runs)
        {
            if (await db.Accounts.FirstOrDefaultAsync(a => a.Id == run.AccountId, ct) is not { } account)
            {
                continue;
            }

            var before = AccountHealth.Effective(account.Health, account.CoolingUntil, now);
            var personNeeded = AccountHealth.FromAccountStatus(run.AccountStatus);
            if (run.PushBack is not null || personNeeded is not null)
            {
                var rest = PushedBack(account, run, personNeeded, now, o);
                deferrals.Add(rest);
                leftHealthy |= before == AccountHealth.Healthy;
                if (run.PushBack is not null && account.ProxyId is { } proxyId)
                {
                    await SlowProxyIfSharedAsync(proxyId, account, now, o, ct);
                }
            }
            else if (run.Done)
            {
                Succeeded(account, run, before, now, o);
            }

            if (PacingActions.ForKind(run.Kind) is { } action && await CapReachedAsync(account, action, now, o, ct) is { } pause)
            {
                deferrals.Add(pause);
            }
        }

        await db.SaveChangesAsync(ct);
        // The queue's context lives as long as its caller (a worker loop, a request); the next run must read the
        // account as the database has it, not as this one left it.
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is Account or Proxy or PacingEvent or AccountPause or ActionLimit).ToList())
        {
            entry.State = EntityState.Detached;
        }

        alertDue |= leftHealthy;
        // Inside the caller's transaction (a completion) the alert waits for its commit: no webhook while rows are locked.
        if (db.Database.CurrentTransaction is null)
        {
            await AlertIfDueAsync(ct);
        }

        return deferrals;
    }

    /// <summary>Checks the fleet alarm when an observed run made an account leave healthy (after the caller's commit).</summary>
    public async Task AlertIfDueAsync(CancellationToken ct)
    {
        if (alertDue)
        {
            alertDue = false;
            await alerts.CheckAsync(ct);
        }
    }

    private Deferral PushedBack(Account account, FinishedRun run, string? personNeeded, DateTimeOffset now, PacingOptions o)
    {
        var severity = run.PushBack == PushBacks.ActionBlocked ? o.ActionBlockFactor : 1;
        var pace = new PaceState(account.Pace, account.PushBackStreak, account.CoolingUntil).PushedBack(now, o, severity, run.RetryAfter);
        var signal = personNeeded is not null ? run.AccountStatus : run.PushBack;
        var reason = $"{signal} on {run.Kind} item {run.ItemId}: pace {account.Pace:P0} → {pace.Pace:P0}, "
                     + $"cool-down #{pace.Streak} until {pace.CoolingUntil:HH:mm:ss} UTC";
        (account.Pace, account.PushBackStreak, account.CoolingUntil) = (pace.Pace, pace.Streak, pace.CoolingUntil);
        // A state that needs a person is not replaced by a push-back that arrives after it.
        var health = personNeeded
                     ?? (AccountHealth.NeedsPerson(account.Health) ? account.Health
                         : run.PushBack == PushBacks.ActionBlocked ? AccountHealth.ActionBlocked : AccountHealth.CoolingDown);
        SetHealth(account, health, reason, now);
        return new Deferral(account.Id, null, pace.CoolingUntil!.Value, reason);
    }

    private void Succeeded(Account account, FinishedRun run, string before, DateTimeOffset now, PacingOptions o)
    {
        var pace = new PaceState(account.Pace, account.PushBackStreak, account.CoolingUntil).Succeeded(o);
        if (pace.Pace > account.Pace)
        {
            Record(account, PacingEventKinds.Pace, account.Health, $"{run.Kind} item {run.ItemId} succeeded: pace {account.Pace:P0} → {pace.Pace:P0}", now, pace.Pace);
        }

        (account.Pace, account.PushBackStreak) = (pace.Pace, pace.Streak);
        if (AccountHealth.IsResting(account.Health) && before == AccountHealth.Healthy)
        {
            SetHealth(account, AccountHealth.Healthy, $"cool-down over; {run.Kind} item {run.ItemId} succeeded", now);
        }
        else if (AccountHealth.NeedsPerson(account.Health) && run.Kind == TaskKinds.BulkLogin)
        {
            SetHealth(account, AccountHealth.Healthy, $"login item {run.ItemId} succeeded: quarantine lifted", now);
        }
    }

    private void SetHealth(Account account, string health, string reason, DateTimeOffset now)
    {
        Record(account, PacingEventKinds.Health, health, reason, now, account.Pace, previous: account.Health);
        account.Health = health;
        account.HealthReason = health == AccountHealth.Healthy ? null : reason;
        account.UpdatedAt = now;
    }

    private void Record(Account account, string kind, string? health, string reason, DateTimeOffset now, double pace, string? previous = null) =>
        db.PacingEvents.Add(new PacingEvent
        {
            AccountId = account.Id, ProxyId = account.ProxyId, At = now, Kind = kind, Health = health, PreviousHealth = previous,
            Pace = pace, CoolingUntil = account.CoolingUntil, Reason = reason,
        });

    /// <summary>Several accounts of one proxy pushed back within the window: the proxy is slowed and rests too.</summary>
    private async Task SlowProxyIfSharedAsync(int proxyId, Account account, DateTimeOffset now, PacingOptions o, CancellationToken ct)
    {
        var since = now - TimeSpan.FromSeconds(o.ProxyWindowSeconds);
        var others = await db.PacingEvents
            .Where(e => e.ProxyId == proxyId && e.Kind == PacingEventKinds.Health && e.At > since && e.AccountId != account.Id
                        && (e.Health == AccountHealth.CoolingDown || e.Health == AccountHealth.ActionBlocked))
            .Select(e => e.AccountId).Distinct().CountAsync(ct);
        if (others + 1 < o.ProxyPushBackAccounts || await db.Proxies.FirstOrDefaultAsync(p => p.Id == proxyId, ct) is not { } proxy
            || proxy.CoolingUntil > now)
        {
            return;
        }

        var pace = new PaceState(proxy.Pace, proxy.PushBackStreak, proxy.CoolingUntil).PushedBack(now, o);
        db.PacingEvents.Add(new PacingEvent
        {
            ProxyId = proxyId, At = now, Kind = PacingEventKinds.Proxy, Pace = pace.Pace, CoolingUntil = pace.CoolingUntil,
            Reason = $"{others + 1} accounts of proxy {proxy.Display} pushed back within {o.ProxyWindowSeconds:0} s: "
                     + $"proxy pace {proxy.Pace:P0} → {pace.Pace:P0}, its accounts rest until {pace.CoolingUntil:HH:mm:ss} UTC",
        });
        (proxy.Pace, proxy.PushBackStreak, proxy.CoolingUntil) = (pace.Pace, pace.Streak, pace.CoolingUntil);
    }

    /// <summary>When the account has used up its cap of <paramref name="action"/>, the pause until a slot frees.</summary>
    private async Task<Deferral?> CapReachedAsync(Account account, string action, DateTimeOffset now, PacingOptions o, CancellationToken ct)
    {
        var usage = await PacingUsage.OfAsync(db, account.Id, action, now, o, ct);
        var proxyPace = account.ProxyId is { } proxyId
            ? await db.Proxies.Where(p => p.Id == proxyId).Select(p => (double?)p.Pace).FirstOrDefaultAsync(ct) ?? 1
            : 1;
        var overrides = await CapOverrides.For(db, account.Id, account.WorkspaceId).Where(l => l.Action == action).ToListAsync(ct);
        var cap = ActionCaps.For(action, now - account.CreatedAt, Math.Min(account.Pace, proxyPace), o, overrides);
        DateTimeOffset? until = null;
        string? why = null;
        if (usage.LastDay >= cap.PerDay && usage.OldestInDay is { } dayStart)
        {
            (until, why) = (dayStart + o.Day, $"{usage.LastDay} of {cap.PerDay} {action}s a day");
        }
        else if (usage.LastHour >= cap.PerHour && usage.OldestInHour is { } hourStart)
        {
            (until, why) = (hourStart + o.Hour, $"{usage.LastHour} of {cap.PerHour} {action}s an hour");
        }

        if (until is not { } resume || resume <= now)
        {
            return null;
        }

        var reason = $"cap reached: {why} ({cap.Why}); {action} work waits until {resume:HH:mm:ss} UTC";
        var pause = await db.AccountPauses.FirstOrDefaultAsync(p => p.AccountId == account.Id && p.Action == action, ct);
        if (pause is null)
        {
            db.AccountPauses.Add(new AccountPause { AccountId = account.Id, Action = action, Until = resume, Reason = reason });
        }
        else
        {
            (pause.Until, pause.Reason) = (resume, reason);
        }

        Record(account, PacingEventKinds.Cap, account.Health, reason, now, account.Pace);
        return new Deferral(account.Id, action, resume, reason);
    }
}
