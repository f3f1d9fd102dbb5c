namespace InstaUploader.Web.Features.Calendar;

/// <summary>
/// One item on the posting calendar at <see cref="At"/>: its due time while planned, when it finished once published or
/// failed. <see cref="Video"/> is the post's video title (or file name) for a bulk upload.
/// </summary>
public sealed record CalendarEntry(
    long ItemId, int TaskId, string TaskName, string Kind, int? AccountId, string? Account, string Status,
    DateTimeOffset At, DateTimeOffset? DueAt, DateTimeOffset? FinishedAt, string? LastError, string? Video)
{
    public bool IsPlanned => Status is ItemStatuses.Pending or ItemStatuses.Queued;
}

/// <summary>Which entries a calendar shows: a range [From, To) and optional account, task and item status.</summary>
public sealed record CalendarQuery(DateTimeOffset From, DateTimeOffset To, int? AccountId = null, int? TaskId = null, string? Status = null);

public sealed record CalendarPage(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<CalendarEntry> Entries, bool Truncated);

/// <summary>A new due time for a planned item.</summary>
public sealed record MoveItemRequest(DateTimeOffset? DueAt);

/// <summary>What goes out in the next 24 hours: how many planned items and the first few.</summary>
public sealed record UpcomingPosts(int Count, IReadOnlyList<CalendarEntry> First);

public sealed record AccountChoice(int Id, string Username);
