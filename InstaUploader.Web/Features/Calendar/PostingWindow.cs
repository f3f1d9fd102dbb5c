namespace InstaUploader.Web.Features.Calendar;

/// <summary>
/// Hours of some days of the week, in local time, when an account may post: [<see cref="From"/>, <see cref="To"/>)
/// minutes after local midnight. A window that ends before it starts runs past midnight into the next day.
/// </summary>
public sealed record PostingWindow(IReadOnlySet<DayOfWeek> Days, int From, int To)
{
    public const int MinutesPerDay = 24 * 60;

    public static readonly PostingWindow Always = new(Enum.GetValues<DayOfWeek>().ToHashSet(), 0, MinutesPerDay);

    /// <summary>Whether the local moment <paramref name="local"/> falls inside this window.</summary>
    public bool Contains(DateTime local)
    {
        var minute = (int)local.TimeOfDay.TotalMinutes;
        if (From < To)
        {
            return Days.Contains(local.DayOfWeek) && minute >= From && minute < To;
        }

        // Overnight: the evening part belongs to the day it starts on, the morning part to the day before.
        return (Days.Contains(local.DayOfWeek) && minute >= From) || (Days.Contains(local.AddDays(-1).DayOfWeek) && minute < To);
    }

    public override string ToString()
    {
        var days = Days.Count == 7 ? "every day" : string.Join(" ", Enum.GetValues<DayOfWeek>().Where(Days.Contains).Select(d => d.ToString()[..3]));
        return $"{days} {Clock(From)}–{Clock(To)}";
    }

    public static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
}
