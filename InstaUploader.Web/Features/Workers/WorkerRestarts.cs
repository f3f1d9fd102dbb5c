using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Workers;

/// <summary>An operator's restart request for a worker (the console and the operator API); the worker sees it in its heartbeat answer.</summary>
public sealed class WorkerRestarts(AppDbContext db)
{
    /// <summary>Flags <paramref name="workerId"/> for a restart; false when there is no such worker.</summary>
    public async Task<bool> RequestAsync(string workerId, CancellationToken ct) =>
        await db.Workers.Where(w => w.Id == workerId).ExecuteUpdateAsync(s => s.SetProperty(w => w.RestartRequested, true), ct) > 0;
}
