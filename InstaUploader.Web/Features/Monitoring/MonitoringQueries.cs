using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Dashboard;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Monitoring;

/// <summary>What the monitoring page shows: the system's health and the workers' latest errors (the page writes nothing).</summary>
public sealed class MonitoringQueries(AppDbContext db, ThroughputQuery throughput, TimeProvider time)
{
    public const int ShownErrors = 100;

    public async Task<SystemHealth> HealthAsync(CancellationToken ct)
    {
        var hourAgo = time.GetUtcNow().AddHours(-1);
        var workers = await db.Workers.GroupBy(w => w.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var items = await db.TaskItems.Where(i => i.Status == ItemStatuses.Queued || i.Status == ItemStatuses.InProgress)
            .GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        // Done and failed count the dashboard's window (ThroughputQuery), so both pages show the same figures.
        var hour = await throughput.LastHourAsync(ct);
        return new SystemHealth(workers.GetValueOrDefault(WorkerStatuses.Online), workers.GetValueOrDefault(WorkerStatuses.Offline),
            items.GetValueOrDefault(ItemStatuses.Queued), items.GetValueOrDefault(ItemStatuses.InProgress),
            hour.Sum(b => b.Done), hour.Sum(b => b.Failed), await db.WorkerErrors.CountAsync(e => e.At >= hourAgo, ct));
    }

    public Task<List<string>> WorkerIdsAsync(CancellationToken ct) =>
        db.Workers.AsNoTracking().OrderBy(w => w.Id).Select(w => w.Id).ToListAsync(ct);

    /// <summary>The latest errors, of one worker when <paramref name="workerId"/> is set.</summary>
    public Task<List<WorkerError>> ErrorsAsync(string? workerId, CancellationToken ct) =>
        db.WorkerErrors.AsNoTracking().Where(e => workerId == null || workerId == "" || e.WorkerId == workerId)
            .OrderByDescending(e => e.At).Take(ShownErrors).ToListAsync(ct);
}

/// <summary>
/// <see cref="FailedLastHour"/> counts failed items (what the dashboard counts); <see cref="WorkerErrorsLastHour"/> counts
/// errors workers reported about themselves (crashes, lost connections), which an item's ordinary failure is not.
/// </summary>
public sealed record SystemHealth(int Online, int Offline, int Queued, int InProgress, int DoneLastHour, int FailedLastHour, int WorkerErrorsLastHour);
