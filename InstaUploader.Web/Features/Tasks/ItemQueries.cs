using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>One item of a task as its own page shows it, and a task's items as the CSV export lists them.</summary>
public sealed class ItemQueries(AppDbContext db)
{
    public const int LogPageSize = 100;

    /// <summary>An item with one page of its log (oldest first); null when the task has no such item.</summary>
    public async Task<ItemDetailView?> ItemAsync(int taskId, long itemId, int logPage, CancellationToken ct)
    {
        var item = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == taskId && i.Id == itemId)
            .Select(i => new
            {
                Item = i, TaskName = i.Task!.Name, TaskKind = i.Task.Kind, Account = i.Account == null ? null : i.Account.Username,
                Proxy = db.Proxies.Where(p => p.Id == i.ProxyId).Select(ProxyLabel.Of).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (item is null)
        {
            return null;
        }

        var logs = db.ItemLogs.AsNoTracking().Where(l => l.ItemId == itemId);
        var total = await logs.CountAsync(ct);
        var page = Math.Clamp(logPage, 1, Math.Max(1, (total + LogPageSize - 1) / LogPageSize));
        var lines = await logs.OrderBy(l => l.Id).Skip((page - 1) * LogPageSize).Take(LogPageSize).ToListAsync(ct);
        return new ItemDetailView(item.Item, item.TaskName, item.TaskKind, ItemTarget.Name(item.Account, item.Proxy, item.Item.MediaId),
            ItemOutcome.For(item.Item), ItemResultText.Describe(item.Item.Result), lines, total, page);
    }

    /// <summary>Every item of a task in position order, for the CSV export.</summary>
    public async Task<List<ItemExportRow>> ExportAsync(int taskId, CancellationToken ct)
    {
        var rows = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == taskId).OrderBy(i => i.Position).ThenBy(i => i.Id)
            .Select(i => new
            {
                i.Id, i.Position, i.Status, i.Attempts, i.MaxAttempts, i.LastError, i.Result, i.WorkerId, i.MediaId,
                Account = i.Account == null ? null : i.Account.Username,
                Proxy = db.Proxies.Where(p => p.Id == i.ProxyId).Select(ProxyLabel.Of).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => new ItemExportRow(r.Id, r.Position + 1, ItemTarget.Name(r.Account, r.Proxy, r.MediaId), r.Status,
            r.Attempts, r.MaxAttempts, r.LastError, ItemResultText.Describe(r.Result), r.WorkerId))];
    }
}

/// <summary>How an item is named on screen: its account's username, else its proxy, else its media file.</summary>
public static class ItemTarget
{
    public static string Name(string? account, string? proxy, int? mediaId) =>
        account ?? proxy ?? (mediaId is { } m ? $"media #{m}" : "—");
}

public sealed record ItemDetailView(
    TaskItem Item, string TaskName, string TaskKind, string Target, ItemOutcome Outcome, ResultWords Result,
    List<ItemLog> Log, int LogTotal, int LogPage);

public sealed record ItemExportRow(
    long Id, int Number, string Target, string Status, int Attempts, int MaxAttempts, string? Error, ResultWords Result, string? Worker);
