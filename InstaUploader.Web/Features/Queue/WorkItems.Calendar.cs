using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Queue;

/// <summary>A planned item on the posting calendar: moved to another due time, or cancelled alone, while it has not started.</summary>
public sealed partial class WorkItems
{
    /// <summary>
    /// Gives a pending or queued item a new due time (a queued one is not claimable before it). False when the item has
    /// started or finished meanwhile.
    /// </summary>
    public async Task<bool> MoveAsync(long id, DateTimeOffset dueAt, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var moved = await db.TaskItems.Where(i => i.Id == id && (i.Status == ItemStatuses.Pending || i.Status == ItemStatuses.Queued))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.DueAt, dueAt).SetProperty(i => i.RunAfter, dueAt).SetProperty(i => i.UpdatedAt, now), ct);
        return moved == 1;
    }

    /// <summary>Cancels one pending or queued item and rolls its task up. False when the item has started or finished meanwhile.</summary>
    public async Task<bool> CancelItemAsync(long id, int taskId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cancelled = await db.TaskItems.Where(i => i.Id == id && (i.Status == ItemStatuses.Pending || i.Status == ItemStatuses.Queued))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatuses.Cancelled).SetProperty(i => i.FinishedAt, now)
                .SetProperty(i => i.UpdatedAt, now), ct);
        if (cancelled == 1)
        {
            await RollUpAsync(taskId, ct);
        }

        return cancelled == 1;
    }
}
