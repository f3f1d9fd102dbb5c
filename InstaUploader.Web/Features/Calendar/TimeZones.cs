namespace InstaUploader.Web.Features.Calendar;

/// <summary>IANA zone ids (Europe/Berlin) as the operator types them.</summary>
public static class TimeZones
{
    public static TimeZoneInfo? Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;

    public static bool IsKnown(string? id) => Find(id) is not null;
}
