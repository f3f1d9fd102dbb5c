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

    /// <summary>
    /// A task with its progress, its first items (of one status when <paramref name="itemStatus"/> is set) and its
    /// latest log lines, each named by its item's account; null when there is no such task.
    /// </summary>
    public async Task<TaskDetailView?> DetailAsync(int id, string? itemStatus, CancellationToken ct)
    {
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return null;
        }

        var progress = await ProgressAsync(id, ct);
        var items = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == id && (itemStatus == null || i.Status == itemStatus))
            .OrderBy(i => i.Position).ThenBy(i => i.Id).Take(ShownItems)
            .Select(i => new
            {
                i.Id, i.Position, i.AccountId, Account = i.Account == null ? null : i.Account.Username,
                Proxy = db.Proxies.Where(p => p.Id == i.ProxyId).Select(ProxyLabel.Of).FirstOrDefault(),
                i.MediaId, i.Status, i.Attempts, i.MaxAttempts, i.WorkerId, i.LastError, i.Result, i.UpdatedAt,
                i.Success, i.Failed, i.DueAt,
            })
            .ToListAsync(ct);
        var rows = items.Select(i => (Item: i, Outcome: ItemOutcome.For(new TaskItem { Kind = "", Status = i.Status, Success = i.Success, Failed = i.Failed })))
            .Select(x => new TaskItemRow(x.Item.Id, x.Item.Position, x.Item.AccountId, ItemTarget.Name(x.Item.Account, x.Item.Proxy, x.Item.MediaId), x.Item.Status,
            x.Item.Attempts, x.Item.MaxAttempts, x.Item.WorkerId, x.Outcome.Successes, x.Outcome.Failures, x.Item.LastError, ItemResultText.Describe(x.Item.Result), x.Item.UpdatedAt,
            x.Item.DueAt)).ToList();
        var logs = await db.ItemLogs.AsNoTracking().Where(l => l.TaskId == id).OrderByDescending(l => l.Id).Take(ShownLogLines)
            .Select(l => new
            {
                l.ItemId, l.At, l.Message,
                Target = db.TaskItems.Where(i => i.Id == l.ItemId).Select(i => i.Account != null ? i.Account.Username
                    : db.Proxies.Where(p => p.Id == i.ProxyId).Select(ProxyLabel.Of).FirstOrDefault()).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var lines = logs.Select(l => new TaskLogLine(l.ItemId, l.Target ?? $"item {l.ItemId}", l.At, l.Message)).ToList();
        return new TaskDetailView(task, progress, rows, lines);
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
            .Select(p => new TaskFormProxy(p.Id, (p.Username == null || p.Username == "" ? "" : p.Username + "@") + p.Host + ":" + p.Port, p.Status)).ToListAsync(ct);
        return new TaskFormOptions(accounts, media, proxies);
    }

    public Task<TaskProgress> ProgressAsync(int id, CancellationToken ct) => db.TaskProgressAsync(id, ct);
}

public sealed record TaskListRow(int Id, string Name, string Kind, string Status, DateTimeOffset CreatedAt, TaskProgress Progress);

public sealed record TaskListPage(List<TaskListRow> Rows, int Total);

/// <summary>An item as the task page lists it: named by its account (else its proxy or media), its result in words.</summary>
public sealed record TaskItemRow(
    long Id, int Position, int? AccountId, string Target, string Status, int Attempts, int MaxAttempts,
    string? WorkerId, int Successes, int Failures, string? LastError, ResultWords Result, DateTimeOffset UpdatedAt, DateTimeOffset? DueAt = null);

public sealed record TaskLogLine(long ItemId, string Target, DateTimeOffset At, string Message);

public sealed record TaskVideoRow(string FileName, string? Title, string? Location, string? Mentions);

public sealed record TaskDetailView(AutomationTask Task, TaskProgress Progress, List<TaskItemRow> Items, List<TaskLogLine> Logs);

public sealed record TaskFormAccount(int Id, string Username, string Status, List<string> Tags);

public sealed record TaskFormMedia(int Id, string Kind, string FileName, long SizeBytes, double? DurationSeconds);

public sealed record TaskFormProxy(int Id, string Address, string Status);

public sealed record TaskFormOptions(List<TaskFormAccount> Accounts, List<TaskFormMedia> Media, List<TaskFormProxy> Proxies);
