using System.Text.Json;
using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Calendar;

/// <summary>
/// Applies a task's posting schedule to its items: due times when the task is created, and the rules an operator's move
/// is checked against. An account's own zone wins over the task's, which wins over the agency's (Calendar:TimeZone).
/// </summary>
public sealed class TaskScheduling(AppDbContext db, PostingPlanner planner, IOptions<CalendarOptions> options, TimeProvider time)
{
    /// <summary>The schedule in a task's stored options (valid when stored), or null for unscheduled tasks.</summary>
    public PostingSchedule? ScheduleOf(string optionsJson)
    {
        using var doc = JsonDocument.Parse(optionsJson);
        return PostingScheduleJson.Read(doc.RootElement, time.GetUtcNow(), []);
    }

    public TimeZoneInfo ZoneOf(string? accountZone, PostingSchedule? schedule) =>
        TimeZones.Find(accountZone) ?? TimeZones.Find(schedule?.TimeZone) ?? options.Value.Zone;

    /// <summary>Sets the due time of every item of a new (unsaved) task, account by account, items in position order.</summary>
    public async Task PlanAsync(AutomationTask task, PostingSchedule schedule, CancellationToken ct)
    {
        var accountIds = task.Items.Where(i => i.AccountId is not null).Select(i => i.AccountId!.Value).Distinct().ToList();
        var zones = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.TimeZone, ct);
        var since = Earlier(schedule.StartAt, time.GetUtcNow()) - schedule.MinGap;
        var taken = (await TakenQuery(task.Kind, accountIds, since).ToListAsync(ct)).ToLookup(t => t.AccountId, t => t.At);
        foreach (var account in task.Items.Where(i => i.AccountId is not null).GroupBy(i => i.AccountId!.Value))
        {
            var items = account.OrderBy(i => i.Position).ToList();
            var due = planner.Plan(schedule, ZoneOf(zones.GetValueOrDefault(account.Key), schedule), items.Count, [.. taken[account.Key]]);
            for (var k = 0; k < items.Count; k++)
            {
                items[k].DueAt = due[k];
            }
        }
    }

    /// <summary>Why <paramref name="item"/> cannot go out at <paramref name="dueAt"/> under its task's schedule, or null when it can.</summary>
    public async Task<string?> RefusalAsync(TaskItem item, DateTimeOffset dueAt, CancellationToken ct)
    {
        var schedule = ScheduleOf(item.Task!.Options) ?? new PostingSchedule(time.GetUtcNow(), [], TimeSpan.Zero);
        var zone = ZoneOf(item.Account?.TimeZone, schedule);
        var others = item.AccountId is { } account && schedule.MinGap > TimeSpan.Zero
            ? (await TakenQuery(item.Kind, [account], dueAt - schedule.MinGap, except: item.Id).ToListAsync(ct))
                .Select(t => t.At).Where(at => at < dueAt + schedule.MinGap).ToList()
            : [];
        return planner.Refusal(schedule, zone, dueAt, others);
    }

    private sealed record Taken(long Id, int AccountId, DateTimeOffset At);

    // The account's posts of the same kind that a new one keeps its gap to: planned ones by due time, finished ones by when they went out.
    private IQueryable<Taken> TakenQuery(string kind, List<int> accountIds, DateTimeOffset since, long except = 0) => db.TaskItems.AsNoTracking()
        .Where(i => i.Id != except && i.Kind == kind && i.AccountId != null && accountIds.Contains(i.AccountId.Value))
        .Where(i => ((i.Status == ItemStatuses.Pending || i.Status == ItemStatuses.Queued) && i.DueAt >= since)
                    || ((i.Status == ItemStatuses.Done || i.Status == ItemStatuses.InProgress) && (i.FinishedAt ?? i.StartedAt) >= since))
        .Select(i => new Taken(i.Id, i.AccountId!.Value,
            i.Status == ItemStatuses.Pending || i.Status == ItemStatuses.Queued ? i.DueAt!.Value : (i.FinishedAt ?? i.StartedAt)!.Value));

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
