using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Workers;

/// <summary>What the worker list and a worker's page show, read in one place (the pages write nothing).</summary>
public sealed class WorkerQueries(AppDbContext db)
{
    public const int ShownErrors = 20;

    public Task<List<WorkerNode>> ListAsync(CancellationToken ct) =>
        db.Workers.AsNoTracking().OrderBy(w => w.Id).ToListAsync(ct);

    /// <summary>Per worker, the distinct "kind #task" of the items it holds a lease on right now.</summary>
    public async Task<Dictionary<string, List<string>>> JobsAsync(CancellationToken ct)
    {
        var leased = await db.TaskItems.AsNoTracking().Where(i => i.Status == ItemStatuses.InProgress && i.LeaseOwner != null)
            .Select(i => new { i.LeaseOwner, i.TaskId, i.Kind }).ToListAsync(ct);
        return leased.GroupBy(l => l.LeaseOwner!).ToDictionary(g => g.Key, g => g.Select(l => $"{l.Kind} #{l.TaskId}").Distinct().ToList());
    }

    public Task<WorkerNode?> GetAsync(string id, CancellationToken ct) =>
        db.Workers.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);

    public Task<List<WorkerError>> ErrorsAsync(string id, CancellationToken ct) =>
        db.WorkerErrors.AsNoTracking().Where(e => e.WorkerId == id).OrderByDescending(e => e.At).Take(ShownErrors).ToListAsync(ct);
}
