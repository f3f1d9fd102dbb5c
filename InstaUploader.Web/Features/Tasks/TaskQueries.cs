using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>What the task list and a task's page show, read in one place (the pages write nothing).</summary>
public sealed class TaskQueries(AppDbContext db)
{
    /// <summary>The most items and log lines a task's page shows.</summary>
    public const int ShownItems = 500;
    public const int ShownLogLines = 200;

    public async Task<TaskListPage> ListAsync(string? kind, string? status, int page, int pageSize, CancellationToken ct)
    {
        var q = db.Tasks.AsNoTracking();
        if (!string.IsNullOrEmpty(kind))
        {
            q = q.Where(t => t.Kind == kind);
        }

        if (!string.IsNullOrEmpty(status))
        {
            q = q.Where(t => t.Status == status);
        }

        var total = await q.CountAsync(ct);
        var tasks = await q.OrderByDescending(t => t.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(t => new { t.Id, t.Name, t.Kind, t.Status, t.CreatedAt }).ToListAsync(ct);
        var progress = await db.TaskProgressAsync([.. tasks.Select(t => t.Id)], ct);
        var rows = tasks.Select(t => new TaskListRow(t.Id, t.Name, t.Kind, t.Status, t.CreatedAt, progress[t.Id])).ToList();
        return new TaskListPage(rows, total);
    }

    /// <summary>A task with its progress, its first items and its latest log lines; null when there is no such task.</summary>
    public async Task<TaskDetailView?> DetailAsync(int id, CancellationToken ct)
    {
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return null;
        }

        var progress = await ProgressAsync(id, ct);
        var items = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == id).OrderBy(i => i.Position).ThenBy(i => i.Id).Take(ShownItems)
            .Select(i => new TaskItemRow(i.Id, i.Position, i.AccountId, i.Account == null ? null : i.Account.Username,
                i.ProxyId == null ? null : db.Proxies.Where(p => p.Id == i.ProxyId).Select(p => p.Scheme + "://" + p.Host + ":" + p.Port).FirstOrDefault(),
                i.MediaId, i.Status, i.Attempts, i.MaxAttempts, i.LeaseOwner, i.Success, i.Failed, i.LastError, i.Result, i.UpdatedAt))
            .ToListAsync(ct);
        var logs = await db.ItemLogs.AsNoTracking().Where(l => l.TaskId == id).OrderByDescending(l => l.Id).Take(ShownLogLines).ToListAsync(ct);
        return new TaskDetailView(task, progress, items, logs);
    }

    public Task<List<TaskVideoRow>> VideosAsync(int id, CancellationToken ct) =>
        db.TaskVideos.AsNoTracking().Where(v => v.TaskId == id).OrderBy(v => v.Order)
            .Select(v => new TaskVideoRow(v.Media!.FileName, v.Title, v.Location, v.Mentions)).ToListAsync(ct);

    /// <summary>What the new-task form offers: every account, media file and proxy.</summary>
    public async Task<TaskFormOptions> FormOptionsAsync(CancellationToken ct)
    {
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.Username)
            .Select(a => new TaskFormAccount(a.Id, a.Username, a.Status, a.Tags)).ToListAsync(ct);
        var media = await db.Media.AsNoTracking().OrderByDescending(m => m.Id)
            .Select(m => new TaskFormMedia(m.Id, m.Kind, m.FileName, m.SizeBytes, m.DurationSeconds)).ToListAsync(ct);
        var proxies = await db.Proxies.AsNoTracking().OrderBy(p => p.Id)
            .Select(p => new TaskFormProxy(p.Id, p.Scheme + "://" + p.Host + ":" + p.Port, p.Status)).ToListAsync(ct);
        return new TaskFormOptions(accounts, media, proxies);
    }

    public Task<TaskProgress> ProgressAsync(int id, CancellationToken ct) => db.TaskProgressAsync(id, ct);
}

public sealed record TaskListRow(int Id, string Name, string Kind, string Status, DateTimeOffset CreatedAt, TaskProgress Progress);

public sealed record TaskListPage(List<TaskListRow> Rows, int Total);

public sealed record TaskItemRow(
    long Id, int Position, int? AccountId, string? Account, string? Proxy, int? MediaId, string Status, int Attempts, int MaxAttempts,
    string? LeaseOwner, int Success, int Failed, string? LastError, string? Result, DateTimeOffset UpdatedAt);

public sealed record TaskVideoRow(string FileName, string? Title, string? Location, string? Mentions);

public sealed record TaskDetailView(AutomationTask Task, TaskProgress Progress, List<TaskItemRow> Items, List<ItemLog> Logs);

public sealed record TaskFormAccount(int Id, string Username, string Status, List<string> Tags);

public sealed record TaskFormMedia(int Id, string Kind, string FileName, long SizeBytes, double? DurationSeconds);

public sealed record TaskFormProxy(int Id, string Address, string Status);

public sealed record TaskFormOptions(List<TaskFormAccount> Accounts, List<TaskFormMedia> Media, List<TaskFormProxy> Proxies);
