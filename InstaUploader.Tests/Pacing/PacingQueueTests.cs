using InstaUploader.Contracts;
using InstaUploader.Contracts.Queue;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Pacing;
using InstaUploader.Web.Features.Queue;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Tests.Pacing;

/// <summary>
/// The claim under pacing, over the real database: a cap or a cool-down makes an account's work wait (its due time
/// moves, it stays queued, it is never failed for it), and a state that needs a person quarantines the account.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class PacingQueueTests(ControlPlaneFixture fx)
{
    private static readonly TimeSpan Old = TimeSpan.FromDays(400);

    private static CompleteCommand Done() => new(ItemStatuses.Done, null, null, null, false, null, null);

    [Fact]
    public async Task Work_beyond_a_cap_waits_for_the_next_window_and_is_not_failed()
    {
        var kit = new PacingKit(fx, new PacingOptions { Caps = { [PacingActions.Follow] = new ActionCap(2, 100) } });
        var account = (await kit.AccountsAsync("cap", 1, Old))[0];
        var task = await kit.TaskAsync(TaskKinds.Follow, [account.Id], repeats: 3);
        try
        {
            await using var db = await kit.DbAsync();
            var queue = kit.Queue(db);
            for (var i = 0; i < 2; i++)
            {
                var work = await queue.ClaimNextAsync("pacer", TaskKinds.Follow, task, null, default);
                Assert.NotNull(work);
                await queue.AddCountersAsync(TaskKinds.Follow, work.Item.Id, new ItemCounters(0, 0, 0, 1, 0), null, default);
                await queue.CompleteAsync(work.Item.Id, "pacer", Done(), default);
            }

            Assert.Null(await queue.ClaimNextAsync("pacer", TaskKinds.Follow, task, null, default));
            var waiting = await db.TaskItems.AsNoTracking().SingleAsync(i => i.TaskId == task && i.Status != ItemStatuses.Done);
            Assert.Equal(ItemStatuses.Queued, waiting.Status);
            Assert.InRange(waiting.RunAfter, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));

            var view = await kit.Queries(db).AccountAsync(account.Id, default);
            var follows = view!.Usage.Single(u => u.Action == PacingActions.Follow);
            Assert.Equal((2, 2, 2), (follows.LastHour, follows.LastDay, follows.Cap.PerHour));
            Assert.NotNull(follows.PausedUntil);
            Assert.Contains(view.Timeline, e => e.Kind == PacingEventKinds.Cap && e.Reason.Contains("2 of 2 follows an hour", StringComparison.Ordinal));

            // Even due again by hand, the pause keeps it back until the window frees a slot.
            await db.Database.ExecuteSqlRawAsync("UPDATE task_items SET run_after = now() - interval '1 second' WHERE id = {0}", waiting.Id);
            Assert.Null(await queue.ClaimNextAsync("pacer", TaskKinds.Follow, task, null, default));
        }
        finally
        {
            await kit.CancelAsync(task);
        }
    }

    [Fact]
    public async Task A_push_back_cuts_the_pace_starts_a_cool_down_and_the_account_waits_while_it_lasts()
    {
        var kit = new PacingKit(fx, new PacingOptions { CoolDownSeconds = 600 });
        var account = (await kit.AccountsAsync("cool", 1, Old))[0];
        var task = await kit.TaskAsync(TaskKinds.Follow, [account.Id], repeats: 2);
        try
        {
            await using var db = await kit.DbAsync();
            var queue = kit.Queue(db);
            var work = await queue.ClaimNextAsync("pacer", TaskKinds.Follow, task, null, default);
            var result = await queue.CompleteAsync(work!.Item.Id, "pacer",
                new CompleteCommand(ItemStatuses.Failed, "Instagram rate-limited (429)", null, null, true, null, null, PushBack: PushBacks.RateLimited), default);

            Assert.Equal(ItemStatuses.Queued, result.Item!.Status);
            var stored = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account.Id);
            Assert.Equal(AccountHealth.CoolingDown, stored.Health);
            Assert.Equal(0.5, stored.Pace);
            Assert.InRange(stored.CoolingUntil!.Value, DateTimeOffset.UtcNow.AddSeconds(590), DateTimeOffset.UtcNow.AddSeconds(601));
            var items = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == task).ToListAsync();
            Assert.All(items, i => Assert.Equal(ItemStatuses.Queued, i.Status));
            Assert.All(items, i => Assert.True(i.RunAfter >= stored.CoolingUntil));

            await db.Database.ExecuteSqlRawAsync("UPDATE task_items SET run_after = now() - interval '1 second' WHERE task_id = {0}", task);
            Assert.Null(await queue.ClaimNextAsync("pacer", TaskKinds.Follow, task, null, default));

            // The cool-down over, the account works again and a success restores part of the pace.
            await db.Database.ExecuteSqlRawAsync("UPDATE accounts SET cooling_until = now() - interval '1 second' WHERE id = {0}", account.Id);
            var again = await queue.ClaimNextAsync("pacer", TaskKinds.Follow, task, null, default);
            Assert.NotNull(again);
            await queue.CompleteAsync(again.Item.Id, "pacer", Done(), default);
            var after = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account.Id);
            Assert.Equal(AccountHealth.Healthy, after.Health);
            Assert.Equal(0.6, after.Pace, 6);
            var timeline = await kit.Queries(db).AccountAsync(account.Id, default);
            Assert.Equal([AccountHealth.Healthy, AccountHealth.CoolingDown],
                timeline!.Timeline.Where(e => e.Kind == PacingEventKinds.Health).Select(e => e.Health));
            Assert.Contains(timeline.Timeline, e => e.Reason.StartsWith("rate_limited on follow item", StringComparison.Ordinal));
        }
        finally
        {
            await kit.CancelAsync(task);
        }
    }

    [Fact]
    public async Task A_challenge_quarantines_the_account_until_a_login_succeeds()
    {
        var kit = new PacingKit(fx, new PacingOptions { CoolDownSeconds = 0.1 });
        var account = (await kit.AccountsAsync("quar", 1, Old))[0];
        var follow = await kit.TaskAsync(TaskKinds.Follow, [account.Id], repeats: 2);
        int? login = null;
        try
        {
            await using var db = await kit.DbAsync();
            var queue = kit.Queue(db);
            var work = await queue.ClaimNextAsync("pacer", TaskKinds.Follow, follow, null, default);
            await queue.CompleteAsync(work!.Item.Id, "pacer",
                new CompleteCommand(ItemStatuses.Failed, "needs a person", null, null, false, null, null, AccountStatuses.Challenge), default);
            await Task.Delay(200);

            var stored = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account.Id);
            Assert.Equal(AccountHealth.Challenged, stored.Health);
            Assert.Null(await queue.ClaimNextAsync("pacer", TaskKinds.Follow, follow, null, default));

            login = await kit.TaskAsync(TaskKinds.BulkLogin, [account.Id]);
            var relogin = await queue.ClaimNextAsync("pacer", TaskKinds.BulkLogin, login, null, default);
            Assert.NotNull(relogin);
            await queue.CompleteAsync(relogin.Item.Id, "pacer", Done(), default);

            Assert.Equal(AccountHealth.Healthy, (await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == account.Id)).Health);
            Assert.NotNull(await queue.ClaimNextAsync("pacer", TaskKinds.Follow, follow, null, default));
            var reasons = await db.PacingEvents.AsNoTracking().Where(e => e.AccountId == account.Id && e.Kind == PacingEventKinds.Health)
                .OrderBy(e => e.Id).Select(e => e.Health + ": " + e.Reason).ToListAsync();
            Assert.Collection(reasons,
                r => Assert.StartsWith("challenged: challenge on follow item", r),
                r => Assert.StartsWith("healthy: login item", r));
        }
        finally
        {
            await kit.CancelAsync(follow);
            if (login is { } id)
            {
                await kit.CancelAsync(id);
            }
        }
    }

    [Fact]
    public async Task Several_accounts_of_one_proxy_pushed_back_slow_the_proxy_for_all_its_accounts()
    {
        var kit = new PacingKit(fx, new PacingOptions { ProxyPushBackAccounts = 2, CoolDownSeconds = 600 });
        var accounts = await kit.AccountsAsync("prx", 3, Old);
        int proxyId;
        await using (var setup = await kit.DbAsync())
        {
            var proxy = new Proxy { Host = $"{Guid.NewGuid():N}.example", Port = 8080, CreatedAt = DateTimeOffset.UtcNow };
            setup.Proxies.Add(proxy);
            await setup.SaveChangesAsync();
            proxyId = proxy.Id;
            await setup.Accounts.Where(a => accounts.Select(x => x.Id).Contains(a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.ProxyId, proxyId));
        }

        var task = await kit.TaskAsync(TaskKinds.Follow, accounts.Select(a => a.Id));
        try
        {
            await using var db = await kit.DbAsync();
            var queue = kit.Queue(db);
            foreach (var _ in accounts.Take(2))
            {
                var work = await queue.ClaimNextAsync("pacer", TaskKinds.Follow, task, null, default);
                await queue.CompleteAsync(work!.Item.Id, "pacer",
                    new CompleteCommand(ItemStatuses.Failed, "feedback_required", null, null, true, null, null, PushBack: PushBacks.FeedbackRequired), default);
            }

            var slowed = await db.Proxies.AsNoTracking().SingleAsync(p => p.Id == proxyId);
            Assert.Equal(0.5, slowed.Pace);
            Assert.True(slowed.CoolingUntil > DateTimeOffset.UtcNow);
            Assert.Contains(await db.PacingEvents.AsNoTracking().Where(e => e.ProxyId == proxyId && e.Kind == PacingEventKinds.Proxy).Select(e => e.Reason).ToListAsync(),
                r => r.StartsWith("2 accounts of proxy", StringComparison.Ordinal));
            // The third account was never pushed back, but its proxy rests.
            Assert.Null(await queue.ClaimNextAsync("pacer", TaskKinds.Follow, task, null, default));
        }
        finally
        {
            await kit.CancelAsync(task);
        }
    }
}
