using System.Threading.Channels;
using InstaUploader.Contracts;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Calendar;
using InstaUploader.Web.Features.Canary;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Queue;
using InstaUploader.Web.Features.Security;
using InstaUploader.Web.Features.Tasks;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>The scheduled canary is queued once per interval with the chosen account, and not at all without one.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class CanaryScheduleTests(ControlPlaneFixture fx)
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    [Fact]
    public async Task One_canary_task_is_queued_per_interval_with_the_chosen_account()
    {
        using var op = fx.Operator();
        var username = OperatorApi.Unique("canary_sched");
        var accountId = await op.CreateAccountAsync(username);
        // Years ahead: no other test's task falls inside these intervals, and no worker claims an item due then.
        var clock = new StoppedClock(DateTimeOffset.UtcNow.AddYears(40).AddDays(Random.Shared.Next(1, 3000)));
        var start = clock.Now;
        await using var db = await NewDbAsync();
        var (schedule, tasks) = Schedule(db, clock, new CanaryOptions { Account = "@" + username, Interval = Interval });

        var queued = new List<int?>();
        foreach (var at in new[] { TimeSpan.Zero, Interval / 2, Interval, Interval * 1.5, Interval * 2 + TimeSpan.FromSeconds(1) })
        {
            clock.Now = start + at;
            queued.Add(await schedule.EnqueueIfDueAsync(CancellationToken.None));
        }

        try
        {
            Assert.Equal([true, false, true, false, true], queued.Select(id => id is not null));
            var items = await db.TaskItems.AsNoTracking().Where(i => i.Kind == TaskKinds.WebCanary && i.CreatedAt >= start).ToListAsync();
            Assert.Equal(3, items.Count);
            Assert.All(items, i => Assert.Equal(accountId, i.AccountId));
            Assert.All(items, i => Assert.Equal(ItemStatuses.Queued, i.Status));
            Assert.All(items, i => Assert.Equal(1, i.MaxAttempts));
        }
        finally
        {
            foreach (var id in queued.OfType<int>())
            {
                await tasks.CancelAsync(id, CancellationToken.None);
            }
        }
    }

    [Fact]
    public async Task Without_an_account_nothing_is_queued()
    {
        var clock = new StoppedClock(DateTimeOffset.UtcNow.AddYears(40).AddDays(Random.Shared.Next(3001, 6000)));
        await using var db = await NewDbAsync();
        var (schedule, _) = Schedule(db, clock, new CanaryOptions { Account = " ", Interval = Interval });

        Assert.Null(await schedule.EnqueueIfDueAsync(CancellationToken.None));
        Assert.False(await db.Tasks.AnyAsync(t => t.Kind == TaskKinds.WebCanary && t.CreatedAt >= clock.Now - Interval));
    }

    private async Task<AppDbContext> NewDbAsync() => new(
        new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(await fx.ConnectionStringAsync()).UseSnakeCaseNamingConvention().Options,
        new EphemeralDataProtectionProvider());

    private static (CanarySchedule Schedule, TaskService Tasks) Schedule(AppDbContext db, TimeProvider clock, CanaryOptions options)
    {
        var items = new WorkItems(db, Options.Create(new QueueOptions()), clock, new QueueMeters(), NullLogger<WorkItems>.Instance);
        var scheduling = new TaskScheduling(db, new PostingPlanner(clock), Options.Create(new CalendarOptions()), clock);
        // Nobody's request: the system's caller, which sees and may change everything.
        var http = new Microsoft.AspNetCore.Http.HttpContextAccessor();
        var system = new CurrentWorkspace(new WorkspaceMemberships(new DbContextOptionsBuilder<AppDbContext>().Options, new EphemeralDataProtectionProvider()), http);
        var tasks = new TaskService(db, items, Channel.CreateUnbounded<DispatchRequest>(), scheduling, clock,
            new AuditLog(db, http, clock), system);
        return (new CanarySchedule(db, tasks, Options.Create(options), clock, NullLogger<CanarySchedule>.Instance), tasks);
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
