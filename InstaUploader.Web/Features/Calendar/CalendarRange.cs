namespace InstaUploader.Web.Features.Calendar;

/// <summary>The days a calendar view shows: a week from Monday, or the whole weeks that hold a month.</summary>
public sealed record CalendarRange(string View, DateOnly Anchor, DateOnly First, int Days)
{
    public const string Week = "week";
    public const string Month = "month";

    public static CalendarRange For(string? view, DateOnly anchor)
    {
        if (view == Month)
        {
            var firstOfMonth = new DateOnly(anchor.Year, anchor.Month, 1);
            var first = Monday(firstOfMonth);
            var last = Monday(firstOfMonth.AddMonths(1).AddDays(-1)).AddDays(7);
            return new CalendarRange(Month, anchor, first, last.DayNumber - first.DayNumber);
        }

        return new CalendarRange(Week, anchor, Monday(anchor), 7);
    }

    public IEnumerable<DateOnly> Dates => Enumerable.Range(0, Days).Select(First.AddDays);

    public DateOnly Previous => View == Month ? Anchor.AddMonths(-1) : Anchor.AddDays(-7);

    public DateOnly Next => View == Month ? Anchor.AddMonths(1) : Anchor.AddDays(7);

    /// <summary>The range as instants: local midnight of the first day to local midnight after the last, in <paramref name="zone"/>.</summary>
    public (DateTimeOffset From, DateTimeOffset To) In(TimeZoneInfo zone) => (
        PostingPlanner.ToInstant(First.ToDateTime(TimeOnly.MinValue), zone),
        PostingPlanner.ToInstant(First.AddDays(Days).ToDateTime(TimeOnly.MinValue), zone));

    public string Title => View == Month
        ? Anchor.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)
        : $"{First.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture)} – {First.AddDays(6).ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}";

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
