using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Tasks;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Dashboard;

/// <summary>What the dashboard shows, read in one place (the page writes nothing).</summary>
public sealed class DashboardQueries(AppDbContext db, ThroughputQuery throughput, Workspaces.ICurrentWorkspace caller)
{
    public const int ActiveTaskCount = 8;
    public const int ErrorCount = 6;

    public async Task<DashboardView> LoadAsync(CancellationToken ct)
    {
        var byStatus = await db.Accounts.GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        // One count per status, each over its own partial index: a grouped count over both statuses walks every item.
        var queued = await db.TaskItems.CountAsync(i => i.Status == ItemStatuses.Queued, ct);
        var inProgress = await db.TaskItems.CountAsync(i => i.Status == ItemStatuses.InProgress, ct);
        var active = await db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatuses.Running || t.Status == TaskStatuses.Pending)
            .OrderByDescending(t => t.Id).Take(ActiveTaskCount)
            .Select(t => new { t.Id, t.Name, t.Kind, t.Status }).ToListAsync(ct);
        var progress = await db.TaskProgressAsync([.. active.Select(t => t.Id)], ct);
        var running = await db.Tasks.CountAsync(t => t.Status == TaskStatuses.Running, ct);
        var workers = await db.Workers.AsNoTracking().OrderBy(w => w.Id).ToListAsync(ct);
        // Workers serve every workspace and their errors may name any account: only callers who see everything get them.
        var errors = caller.VisibleWorkspaceIds is null
            ? await db.WorkerErrors.AsNoTracking().OrderByDescending(e => e.At).Take(ErrorCount).ToListAsync(ct)
            : [];
        return new DashboardView(byStatus, byStatus.Values.Sum(), running, queued, inProgress,
            [.. active.Select(t => new ActiveTask(t.Id, t.Name, t.Kind, t.Status, progress[t.Id]))], workers, errors, await throughput.LastHourAsync(ct));
    }
}

public sealed record ActiveTask(int Id, string Name, string Kind, string Status, TaskProgress Progress);

public sealed record DashboardView(
    Dictionary<string, int> AccountsByStatus, int AccountsTotal, int RunningTasks, int QueuedItems, int InProgressItems,
    List<ActiveTask> ActiveTasks, List<WorkerNode> Workers, List<WorkerError> Errors, IReadOnlyList<ThroughputBucket> Throughput)
{
    // The stats and the chart count the same window, so they always agree.
    public int DoneLastHour => Throughput.Sum(b => b.Done);

    public int FailedLastHour => Throughput.Sum(b => b.Failed);
}
