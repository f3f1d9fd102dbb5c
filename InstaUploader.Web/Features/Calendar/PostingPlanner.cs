namespace InstaUploader.Web.Features.Calendar;

/// <summary>
/// Computes when each post of an account goes out under a <see cref="PostingSchedule"/>, and checks a time an operator
/// picks by hand against the same rules. Pure: the clock comes from the <see cref="TimeProvider"/>, the account's other
/// planned posts from the caller.
/// </summary>
public sealed class PostingPlanner(TimeProvider time)
{
    // A window that never opens (no days) must not spin forever: two weeks covers every weekly pattern.
    private const int DaysToSearch = 15;

    /// <summary>
    /// Due times for <paramref name="count"/> posts of one account, in order, keeping the gap to each other and to the
    /// account's posts already planned (<paramref name="taken"/>).
    /// </summary>
    public IReadOnlyList<DateTimeOffset> Plan(PostingSchedule schedule, TimeZoneInfo zone, int count, IReadOnlyCollection<DateTimeOffset> taken)
    {
        var start = Later(schedule.StartAt.ToUniversalTime(), time.GetUtcNow());
        var spacing = schedule.SpreadDays is { } days && count > 1 ? TimeSpan.FromDays(days) / count : TimeSpan.Zero;
        var planned = new List<DateTimeOffset>(count);
        var busy = taken.ToList();
        for (var k = 0; k < count; k++)
        {
            var earliest = start + spacing * k;
            if (planned.Count > 0)
            {
                earliest = Later(earliest, planned[^1] + schedule.MinGap);
            }

            var due = NextFree(schedule, zone, earliest, busy);
            planned.Add(due);
            busy.Add(due);
        }

        return planned;
    }

    /// <summary>Why a post of the account cannot go out at <paramref name="at"/>, or null when it can.</summary>
    public string? Refusal(PostingSchedule schedule, TimeZoneInfo zone, DateTimeOffset at, IReadOnlyCollection<DateTimeOffset> others)
    {
        if (at < time.GetUtcNow())
        {
            return $"{Local(at, zone)} is in the past.";
        }

        if (!schedule.IsOpenAt(at, zone))
        {
            return $"{Local(at, zone)} is outside the posting windows ({schedule.WindowsText}, {zone.Id}).";
        }

        var clashes = others.Where(o => (o - at).Duration() < schedule.MinGap).Order().ToList();
        if (clashes.Count > 0)
        {
            return $"{Local(at, zone)} is less than {Minutes(schedule.MinGap)} from another post of this account at {Local(clashes[0], zone)}.";
        }

        return null;
    }

    public static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("ddd yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static string Minutes(TimeSpan gap) => $"{(int)gap.TotalMinutes} min";

    private static DateTimeOffset NextFree(PostingSchedule schedule, TimeZoneInfo zone, DateTimeOffset earliest, List<DateTimeOffset> busy)
    {
        var at = earliest;
        while (true)
        {
            at = NextOpen(schedule, zone, at);
            var clashes = busy.Where(b => (b - at).Duration() < schedule.MinGap).ToList();
            if (clashes.Count == 0)
            {
                return at;
            }

            at = clashes.Max() + schedule.MinGap;
        }
    }

    /// <summary>The first moment at or after <paramref name="at"/> inside a window.</summary>
    public static DateTimeOffset NextOpen(PostingSchedule schedule, TimeZoneInfo zone, DateTimeOffset at)
    {
        if (schedule.IsOpenAt(at, zone))
        {
            return at;
        }

        var localDay = TimeZoneInfo.ConvertTime(at, zone).Date;
        DateTimeOffset? next = null;
        for (var d = 0; d <= DaysToSearch && next is null; d++)
        {
            var day = localDay.AddDays(d);
            foreach (var window in schedule.Windows.Where(w => w.Days.Contains(day.DayOfWeek)))
            {
                var opens = ToInstant(day.AddMinutes(window.From), zone);
                if (opens > at && (next is null || opens < next))
                {
                    next = opens;
                }
            }
        }

        return next ?? throw new InvalidOperationException($"The posting windows ({schedule.WindowsText}) never open.");
    }

    /// <summary>
    /// A local wall-clock time as an instant. A time the clocks skip (spring forward) becomes the first one that exists;
    /// a time that happens twice (fall back) the first of the two.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
