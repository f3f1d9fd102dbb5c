using System.Collections.Concurrent;
using System.Diagnostics;
using InstaUploader.Contracts;
using InstaUploader.Contracts.Queue;
using InstaUploader.Instagram;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Sandbox.State;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Tests.Instagram;
using InstaUploader.Tests.Instagram.Mobile;
using InstaUploader.Web.Features.Pacing;
using InstaUploader.Web.Features.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace InstaUploader.Tests.Pacing;

/// <summary>
/// Issue 26's fleet run: 50 accounts × 20 follows against a Sandbox that answers feedback_required beyond 5 follows per
/// account in a sliding 2-second window. Pacing with the same cap and window keeps every account under it: every
/// follow is done, none is refused, and the run takes about what the limit allows ((20/5 − 1) windows).
/// Eight claim loops stand in for the workers, one follow per item, through our mobile client.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class FleetPacingTests(ControlPlaneFixture fx, ITestOutputHelper output)
{
    private const int Accounts = 50;
    private const int FollowsEach = 20;
    private const int PerWindow = 5;
    private const double WindowSeconds = 2;
    private const int Loops = 8;

    [Fact]
    public async Task Fifty_accounts_follow_twenty_each_under_the_Sandbox_limits_without_a_block()
    {
        var sandbox = new SandboxFixture
        {
            ExtraArgs = [$"--Sandbox:Limits:FollowsPerWindow={PerWindow}", $"--Sandbox:Limits:FollowWindowSeconds={WindowSeconds}"],
        };
        await sandbox.InitializeAsync();
        var kit = new PacingKit(fx, new PacingOptions
        {
            Caps = { [PacingActions.Follow] = new ActionCap(PerWindow, 10_000) },
            HourSeconds = WindowSeconds,
            DaySeconds = 3600,
        });
        int? task = null;
        try
        {
            var accounts = await kit.AccountsAsync("fleet", Accounts, TimeSpan.FromDays(400));
            var targets = new List<string>();
            for (var i = 0; i < FollowsEach; i++)
            {
                targets.Add(SandboxFixture.UniqueName("tgt"));
                await sandbox.RegisterAccountAsync(targets[^1], "pw");
            }

            var client = MobileTestKit.Client(sandbox);
            var sessions = new ConcurrentDictionary<int, MobileSession>();
            await Parallel.ForEachAsync(accounts, new ParallelOptions { MaxDegreeOfParallelism = Loops }, async (account, ct) =>
            {
                await sandbox.RegisterAccountAsync(account.Username, "s3cret!");
                sessions[account.Id] = await client.LoginAsync(new MobileCredentials(account.Username, "s3cret!"), ct: ct);
            });
            task = await kit.TaskAsync(TaskKinds.Follow, accounts.Select(a => a.Id), repeats: FollowsEach);

            var clock = Stopwatch.StartNew();
            var finished = 0;
            var refusals = 0;
            long busyTicks = 0;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await Task.WhenAll(Enumerable.Range(0, Loops).Select(loop => Task.Run(async () =>
            {
                var owner = $"fleet-{loop}";
                await using var db = await kit.DbAsync();
                var queue = kit.Queue(db);
                while (Volatile.Read(ref finished) < Accounts * FollowsEach && !timeout.IsCancellationRequested)
                {
                    var busy = Stopwatch.StartNew();
                    var work = await queue.ClaimNextAsync(owner, TaskKinds.Follow, task, null, timeout.Token);
                    if (work is null)
                    {
                        await Task.Delay(20, timeout.Token);
                        continue;
                    }

                    var target = targets[work.Item.Position / Accounts];
                    try
                    {
                        await client.FollowAsync(sessions[work.Item.AccountId!.Value], target, timeout.Token);
                        await queue.AddCountersAsync(TaskKinds.Follow, work.Item.Id, new ItemCounters(0, 0, 0, 1, 0), null, timeout.Token);
                        await queue.CompleteAsync(work.Item.Id, owner, new CompleteCommand(ItemStatuses.Done, null, null, null, false, null, null), timeout.Token);
                        Interlocked.Increment(ref finished);
                    }
                    catch (FeedbackRequiredException)
                    {
                        Interlocked.Increment(ref refusals);
                        await queue.CompleteAsync(work.Item.Id, owner, new CompleteCommand(
                            ItemStatuses.Failed, "feedback_required", null, null, true, null, null, PushBack: PushBacks.FeedbackRequired), timeout.Token);
                    }

                    Interlocked.Add(ref busyTicks, busy.Elapsed.Ticks);
                }
            })));
            clock.Stop();

            // The run cannot beat the limit, nor the time this machine needs to claim, follow and complete every item
            // with this many loops (measured in the same run): it should take about the larger of the two.
            var allowed = TimeSpan.FromSeconds((Math.Ceiling((double)FollowsEach / PerWindow) - 1) * WindowSeconds);
            var processing = TimeSpan.FromTicks(busyTicks / Loops);
            output.WriteLine($"{Accounts} accounts x {FollowsEach} follows: {clock.Elapsed.TotalSeconds:0.0} s; the limit allows no less than "
                             + $"{allowed.TotalSeconds:0.0} s ({PerWindow} follows per {WindowSeconds} s per account); processing alone "
                             + $"{processing.TotalSeconds:0.0} s ({Loops} loops); refused: {refusals}");

            await using var check = await kit.DbAsync();
            var items = await check.TaskItems.AsNoTracking().Where(i => i.TaskId == task).Select(i => i.Status).ToListAsync();
            Assert.Equal(Accounts * FollowsEach, items.Count(s => s == ItemStatuses.Done));
            Assert.Equal(0, refusals);
            Assert.Equal(0, sandbox.Services.GetRequiredService<PushBackLimits>().RefusedFollows);
            var ids = accounts.Select(a => a.Id).ToList();
            Assert.All(await check.Accounts.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(a => a.Health).ToListAsync(),
                h => Assert.Equal(AccountHealth.Healthy, h));
            foreach (var account in accounts.Take(3))
            {
                Assert.Equal(FollowsEach, (await sandbox.AccountAsync(account.Username)).GetProperty("following").GetInt32());
            }

            Assert.True(clock.Elapsed >= allowed, $"{clock.Elapsed} is faster than the limit allows: pacing did not hold back");
        }
        finally
        {
            if (task is { } id)
            {
                await kit.CancelAsync(id);
            }

            await sandbox.DisposeAsync();
        }
    }

    [Fact]
    public async Task Too_many_requests_from_one_IP_answer_429_with_Retry_After()
    {
        var sandbox = new SandboxFixture { ExtraArgs = ["--Sandbox:Limits:RequestsPerIpPerWindow=3", "--Sandbox:Limits:IpWindowSeconds=60"] };
        await sandbox.InitializeAsync();
        try
        {
            var (client, session, _, _) = await MobileTestKit.LoggedInAsync(sandbox, "ip");
            var target = SandboxFixture.UniqueName("tgt");
            await sandbox.RegisterAccountAsync(target, "pw");

            var error = await Record.ExceptionAsync(async () =>
            {
                for (var i = 0; i < 5; i++)
                {
                    await client.GetProfileAsync(session, target);
                }
            });

            var limited = Assert.IsType<RateLimitedException>(error);
            Assert.True(limited.RetryAfter > TimeSpan.Zero);
        }
        finally
        {
            await sandbox.DisposeAsync();
        }
    }
}
