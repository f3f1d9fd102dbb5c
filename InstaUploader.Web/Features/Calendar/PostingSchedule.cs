namespace InstaUploader.Web.Features.Calendar;

/// <summary>
/// When the posts of a scheduled task go out: not before <see cref="StartAt"/>, inside one of the <see cref="Windows"/>
/// (local time of the account's zone, else <see cref="TimeZone"/>, else the agency's), at least <see cref="MinGap"/>
/// apart per account, and — with <see cref="SpreadDays"/> — spread evenly over that many days.
/// </summary>
public sealed record PostingSchedule(
    DateTimeOffset StartAt, IReadOnlyList<PostingWindow> Windows, TimeSpan MinGap, int? SpreadDays = null, string? TimeZone = null)
{
    public bool IsOpenAt(DateTimeOffset at, TimeZoneInfo zone) =>
        Windows.Count == 0 || Windows.Any(w => w.Contains(TimeZoneInfo.ConvertTime(at, zone).DateTime));

    public string WindowsText => Windows.Count == 0 ? "any time" : string.Join(", ", Windows);
}
