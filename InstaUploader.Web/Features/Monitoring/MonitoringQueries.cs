using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Monitoring;

/// <summary>What the monitoring page shows: the system's health and the workers' latest errors (the page writes nothing).</summary>
public sealed class MonitoringQueries(AppDbContext db, TimeProvider time)
{
    public const int ShownErrors = 100;

    public async Task<SystemHealth> HealthAsync(CancellationToken ct)
    {
        var hourAgo = time.GetUtcNow().AddHours(-1);
        var workers = await db.Workers.GroupBy(w => w.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var items = await db.TaskItems.Where(i => i.Status == ItemStatuses.Queued || i.Status == ItemStatuses.InProgress)
            .GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return new SystemHealth(workers.GetValueOrDefault(WorkerStatuses.Online), workers.GetValueOrDefault(WorkerStatuses.Offline),
            items.GetValueOrDefault(ItemStatuses.Queued), items.GetValueOrDefault(ItemStatuses.InProgress),
            await db.TaskItems.CountAsync(i => i.Status == ItemStatuses.Done && i.FinishedAt >= hourAgo, ct),
            await db.WorkerErrors.CountAsync(e => e.At >= hourAgo, ct));
    }

    public Task<List<string>> WorkerIdsAsync(CancellationToken ct) =>
        db.Workers.AsNoTracking().OrderBy(w => w.Id).Select(w => w.Id).ToListAsync(ct);

    /// <summary>The latest errors, of one worker when <paramref name="workerId"/> is set.</summary>
    public Task<List<WorkerError>> ErrorsAsync(string? workerId, CancellationToken ct) =>
        db.WorkerErrors.AsNoTracking().Where(e => workerId == null || workerId == "" || e.WorkerId == workerId)
            .OrderByDescending(e => e.At).Take(ShownErrors).ToListAsync(ct);
}

public sealed record SystemHealth(int Online, int Offline, int Queued, int InProgress, int DoneLastHour, int ErrorsLastHour);
