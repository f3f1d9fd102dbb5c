using System.Text.Json;
using InstaUploader.Web.Features.Calendar;

namespace InstaUploader.Tests.Calendar;

/// <summary>
/// The posting planner (issue 26, item 1): due times inside the account's windows in its own time zone, a minimum gap
/// between an account's posts (its other planned posts included), "N videos over D days", and wall-clock windows that
/// keep their local hours across daylight-saving changes.
/// </summary>
public sealed class PostingPlannerTests
{
    private static readonly TimeZoneInfo Berlin = TimeZones.Find("Europe/Berlin")!;
    private static readonly TimeZoneInfo NewYork = TimeZones.Find("America/New_York")!;
    private static readonly HashSet<DayOfWeek> Weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    private static readonly HashSet<DayOfWeek> EveryDay = [.. Enum.GetValues<DayOfWeek>()];

    // Thursday 3 December 2026, 08:00 UTC (09:00 in Berlin).
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    private static PostingPlanner Planner(DateTimeOffset? now = null) => new(new FixedClock(now ?? Now));

    private static PostingWindow Hours(int from, int to, HashSet<DayOfWeek>? days = null) => new(days ?? EveryDay, from * 60, to * 60);

    private static DateTime Local(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).DateTime;

    [Fact]
    public void A_post_asked_for_outside_the_window_waits_for_the_next_opening_in_the_accounts_zone()
    {
        // Friday 22:00 Berlin, windows weekdays 10–18: the next opening is Monday 10:00 Berlin.
        var start = new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero);
        var schedule = new PostingSchedule(start, [Hours(10, 18, Weekdays)], TimeSpan.Zero);

        var due = Planner().Plan(schedule, Berlin, 1, []).Single();

        Assert.Equal(new DateTime(2026, 12, 7, 10, 0, 0), Local(due, Berlin));
        Assert.Equal(DayOfWeek.Monday, Local(due, Berlin).DayOfWeek);
    }

    [Fact]
    public void The_same_window_is_a_different_instant_in_another_zone()
    {
        var schedule = new PostingSchedule(Now, [Hours(10, 18)], TimeSpan.Zero);

        var berlin = Planner().Plan(schedule, Berlin, 1, []).Single();
        var newYork = Planner().Plan(schedule, NewYork, 1, []).Single();

        Assert.Equal(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero), berlin);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 15, 0, 0, TimeSpan.Zero), newYork);
    }

    [Fact]
    public void Posts_keep_the_minimum_gap_and_roll_into_the_next_day_when_the_window_closes()
    {
        // Window 09–12 Berlin, a 90-minute gap: 09:00, 10:30, then 12:00 is closed, so the next morning.
        var schedule = new PostingSchedule(Now, [Hours(9, 12)], TimeSpan.FromMinutes(90));

        var due = Planner().Plan(schedule, Berlin, 3, []).Select(d => Local(d, Berlin)).ToList();

        Assert.Equal([new DateTime(2026, 12, 3, 9, 0, 0), new DateTime(2026, 12, 3, 10, 30, 0), new DateTime(2026, 12, 4, 9, 0, 0)], due);
    }

    [Fact]
    public void The_gap_is_kept_to_the_accounts_posts_planned_by_other_tasks()
    {
        var schedule = new PostingSchedule(Now, [Hours(9, 21)], TimeSpan.FromHours(2));
        DateTimeOffset[] taken = [Now.AddMinutes(30)];

        var due = Planner().Plan(schedule, Berlin, 1, taken).Single();

        Assert.Equal(Now.AddMinutes(150), due);
    }

    [Fact]
    public void Spread_over_days_spaces_an_accounts_videos_evenly()
    {
        // 3 videos over 3 days from Thursday 09:00 Berlin: one a day at 09:00.
        var schedule = new PostingSchedule(Now, [Hours(9, 21)], TimeSpan.FromHours(1), SpreadDays: 3);

        var due = Planner().Plan(schedule, Berlin, 3, []);

        Assert.Equal([Now, Now.AddDays(1), Now.AddDays(2)], due);
    }

    [Fact]
    public void A_start_in_the_past_plans_from_now()
    {
        var schedule = new PostingSchedule(Now.AddDays(-3), [], TimeSpan.Zero);

        Assert.Equal(Now, Planner().Plan(schedule, Berlin, 1, []).Single());
    }

    [Fact]
    public void An_overnight_window_runs_past_midnight()
    {
        // 22:00–02:00: at 23:30 it is open, at 01:00 the next day too, at 03:00 not.
        var window = new PostingWindow(EveryDay, 22 * 60, 2 * 60);
        Assert.True(window.Contains(new DateTime(2026, 12, 3, 23, 30, 0)));
        Assert.True(window.Contains(new DateTime(2026, 12, 4, 1, 0, 0)));
        Assert.False(window.Contains(new DateTime(2026, 12, 4, 3, 0, 0)));
        Assert.False(window.Contains(new DateTime(2026, 12, 4, 21, 59, 0)));
    }

    [Fact]
    public void A_daily_window_keeps_its_local_hour_across_the_spring_and_autumn_clock_changes()
    {
        // Berlin goes from UTC+1 to UTC+2 on 29 March 2026 and back on 25 October 2026; 09:00 local stays 09:00 local.
        var schedule = new PostingSchedule(new DateTimeOffset(2026, 3, 27, 10, 0, 0, TimeSpan.Zero), [Hours(9, 10)], TimeSpan.FromHours(1), SpreadDays: 2);
        var spring = Planner(schedule.StartAt).Plan(schedule, Berlin, 2, []);
        Assert.Equal([new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero)], spring);
        Assert.All(spring, d => Assert.Equal(9, Local(d, Berlin).Hour));

        var autumn = schedule with { StartAt = new DateTimeOffset(2026, 10, 23, 10, 0, 0, TimeSpan.Zero) };
        var due = Planner(autumn.StartAt).Plan(autumn, Berlin, 2, []);
        Assert.Equal([new DateTimeOffset(2026, 10, 24, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 25, 8, 0, 0, TimeSpan.Zero)], due);
        Assert.All(due, d => Assert.Equal(9, Local(d, Berlin).Hour));
    }

    [Fact]
    public void A_window_opening_in_the_skipped_hour_opens_when_the_clocks_have_jumped_and_a_repeated_hour_at_its_first_pass()
    {
        // 02:30 does not exist in Berlin on 29 March 2026 (02:00 -> 03:00): the window opens at 03:00 local, 01:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), PostingPlanner.ToInstant(new DateTime(2026, 3, 29, 2, 30, 0), Berlin));
        // 02:30 happens twice on 25 October 2026: the first, still at UTC+2, is 00:30 UTC.
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), PostingPlanner.ToInstant(new DateTime(2026, 10, 25, 2, 30, 0), Berlin));
    }

    [Fact]
    public void A_hand_picked_time_is_refused_outside_the_window_inside_the_gap_or_in_the_past_with_the_reason()
    {
        var schedule = new PostingSchedule(Now, [Hours(10, 18, Weekdays)], TimeSpan.FromHours(2));
        var planner = Planner();
        var saturday = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        var friday = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

        Assert.Contains("outside the posting windows", planner.Refusal(schedule, Berlin, saturday, []), StringComparison.Ordinal);
        Assert.Contains("Europe/Berlin", planner.Refusal(schedule, Berlin, saturday, []), StringComparison.Ordinal);
        Assert.Contains("less than 120 min", planner.Refusal(schedule, Berlin, friday, [friday.AddMinutes(-30)]), StringComparison.Ordinal);
        Assert.Contains("in the past", planner.Refusal(schedule, Berlin, Now.AddHours(-1), []), StringComparison.Ordinal);
        Assert.Null(planner.Refusal(schedule, Berlin, friday, [friday.AddHours(-2)]));
    }

    [Fact]
    public void The_schedule_option_is_read_with_field_errors_for_each_bad_part()
    {
        var errors = new Dictionary<string, string[]>();
        var good = JsonDocument.Parse("""
            {"schedule": {"start_at": "2026-12-04T09:00:00+01:00", "time_zone": "Europe/Berlin",
             "windows": [{"days": ["mon", "fri"], "from": "09:00", "to": "21:30"}], "min_gap_minutes": 120, "spread_days": 3}}
            """).RootElement;
        var schedule = PostingScheduleJson.Read(good, Now, errors)!;
        Assert.Empty(errors);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero), schedule.StartAt);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Friday], schedule.Windows.Single().Days.Order());
        Assert.Equal((9 * 60, 21 * 60 + 30), (schedule.Windows[0].From, schedule.Windows[0].To));
        Assert.Equal(TimeSpan.FromHours(2), schedule.MinGap);
        Assert.Equal(3, schedule.SpreadDays);

        var bad = JsonDocument.Parse("""
            {"schedule": {"start_at": "soon", "time_zone": "Mars/Olympus", "windows": [{"days": ["funday"], "from": "25:00", "to": "09:00"}],
             "min_gap_minutes": -5, "spread_days": 1000}}
            """).RootElement;
        Assert.Null(PostingScheduleJson.Read(bad, Now, errors));
        Assert.Equal(
            ["options.schedule.min_gap_minutes", "options.schedule.spread_days", "options.schedule.start_at", "options.schedule.time_zone",
             "options.schedule.windows[0].days", "options.schedule.windows[0].from"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
