namespace InstaUploader.Web.Features.Calendar;

/// <summary>How the calendar names an item's status: a post is planned until it runs, then published or failed.</summary>
public static class CalendarWords
{
    public static string Status(string status) => status switch
    {
        ItemStatuses.Pending => "planned (task not started)",
        ItemStatuses.Queued => "planned",
        ItemStatuses.InProgress => "posting",
        ItemStatuses.Done => "published",
        ItemStatuses.Failed => "failed",
        ItemStatuses.Cancelled => "cancelled",
        _ => status,
    };

    /// <summary>The entry's colour class: planned, running, ok, err or off.</summary>
    public static string Tone(string status) => status switch
    {
        ItemStatuses.Pending or ItemStatuses.Queued => "planned",
        ItemStatuses.InProgress => "running",
        ItemStatuses.Done => "ok",
        ItemStatuses.Failed => "err",
        _ => "off",
    };
}
