using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Calendar;

/// <summary>The posting calendar's reads: entries of a range and what goes out next.</summary>
public sealed class CalendarQueries(AppDbContext db, TimeProvider time)
{
    public const int MaxEntries = 2000;
    public static readonly TimeSpan LongestRange = TimeSpan.FromDays(62);

    public async Task<CalendarPage> ListAsync(CalendarQuery q, CancellationToken ct)
    {
        var items = db.TaskItems.AsNoTracking().Where(i => i.AccountId != null)
            .Where(i => (i.DueAt >= q.From && i.DueAt < q.To)
                        || (i.DueAt == null && i.FinishedAt >= q.From && i.FinishedAt < q.To && (i.Status == ItemStatuses.Done || i.Status == ItemStatuses.Failed)));
        items = q.AccountId is { } account ? items.Where(i => i.AccountId == account) : items;
        items = q.TaskId is { } task ? items.Where(i => i.TaskId == task) : items;
        items = q.Status is { } status ? items.Where(i => i.Status == status) : items;
        var entries = await Project(items.OrderBy(i => i.DueAt ?? i.FinishedAt).ThenBy(i => i.Id).Take(MaxEntries + 1)).ToListAsync(ct);
        return new CalendarPage(q.From, q.To, [.. entries.Take(MaxEntries).Select(Entry).OrderBy(e => e.At)], entries.Count > MaxEntries);
    }

    /// <summary>Accounts to filter the calendar by, by username.</summary>
    public Task<List<AccountChoice>> AccountsAsync(CancellationToken ct) =>
        db.Accounts.AsNoTracking().OrderBy(a => a.Username).Take(1000).Select(a => new AccountChoice(a.Id, a.Username)).ToListAsync(ct);

    public async Task<CalendarEntry?> EntryAsync(long id, CancellationToken ct) =>
        await Project(db.TaskItems.AsNoTracking().Where(i => i.Id == id)).FirstOrDefaultAsync(ct) is { } row ? Entry(row) : null;

    /// <summary>Planned items due within the next 24 hours, the first <paramref name="first"/> of them in order.</summary>
    public async Task<UpcomingPosts> UpcomingAsync(int first, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = db.TaskItems.AsNoTracking()
            .Where(i => (i.Status == ItemStatuses.Pending || i.Status == ItemStatuses.Queued) && i.DueAt >= now && i.DueAt < now.AddHours(24));
        var count = await due.CountAsync(ct);
        var entries = await Project(due.OrderBy(i => i.DueAt).ThenBy(i => i.Id).Take(first)).ToListAsync(ct);
        return new UpcomingPosts(count, [.. entries.Select(Entry)]);
    }

    private sealed record Row(
        long Id, int TaskId, string TaskName, string Kind, int? AccountId, string? Account, string Status,
        DateTimeOffset? DueAt, DateTimeOffset? FinishedAt, DateTimeOffset RunAfter, string? LastError, string? Title, string? File);

    private IQueryable<Row> Project(IQueryable<TaskItem> items) => items.Select(i => new Row(
        i.Id, i.TaskId, i.Task!.Name, i.Kind, i.AccountId, i.Account == null ? null : i.Account.Username, i.Status, i.DueAt, i.FinishedAt,
        i.RunAfter, i.LastError,
        i.MediaId == null ? null : db.TaskVideos.Where(v => v.TaskId == i.TaskId && v.MediaId == i.MediaId).Select(v => v.Title).FirstOrDefault(),
        i.MediaId == null ? null : db.Media.Where(m => m.Id == i.MediaId).Select(m => m.FileName).FirstOrDefault()));

    private static CalendarEntry Entry(Row r) => new(
        r.Id, r.TaskId, r.TaskName, r.Kind, r.AccountId, r.Account, r.Status,
        r.Status is ItemStatuses.Done or ItemStatuses.Failed && r.FinishedAt is { } finished ? finished : r.DueAt ?? r.RunAfter,
        r.DueAt, r.FinishedAt, r.LastError, string.IsNullOrWhiteSpace(r.Title) ? r.File : r.Title);
}
