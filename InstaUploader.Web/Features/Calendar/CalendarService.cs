using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Queue;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Calendar;

/// <summary>An operator's changes to the calendar, for the API and the UI: move a planned item, cancel it.</summary>
public sealed class CalendarService(AppDbContext db, WorkItems items, TaskScheduling scheduling, CalendarQueries queries)
{
    public async Task<ServiceResult<CalendarEntry>> MoveAsync(long id, MoveItemRequest request, CancellationToken ct)
    {
        if (request.DueAt?.ToUniversalTime() is not { } dueAt)
        {
            return ServiceResult<CalendarEntry>.Invalid("due_at", "Required: the new due time, ISO 8601 with its offset.");
        }

        var item = await PlannedAsync(id, "moved", ct);
        if (!item.Succeeded)
        {
            return item.Failure<CalendarEntry>();
        }

        if (await scheduling.RefusalAsync(item.Value!, dueAt, ct) is { } refusal)
        {
            return ServiceResult<CalendarEntry>.Invalid("due_at", refusal);
        }

        return await items.MoveAsync(id, dueAt, ct) ? await EntryAsync(id, ct) : Started<CalendarEntry>(id, "moved");
    }

    public async Task<ServiceResult<CalendarEntry>> CancelAsync(long id, CancellationToken ct)
    {
        var item = await PlannedAsync(id, "cancelled", ct);
        if (!item.Succeeded)
        {
            return item.Failure<CalendarEntry>();
        }

        return await items.CancelItemAsync(id, item.Value!.TaskId, ct) ? await EntryAsync(id, ct) : Started<CalendarEntry>(id, "cancelled");
    }

    private async Task<ServiceResult<TaskItem>> PlannedAsync(long id, string change, CancellationToken ct)
    {
        var item = await db.TaskItems.AsNoTracking().Include(i => i.Task).Include(i => i.Account).FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is null)
        {
            return ServiceResult<TaskItem>.NotFound($"No item {id}.");
        }

        return item.Status is ItemStatuses.Pending or ItemStatuses.Queued ? ServiceResult<TaskItem>.Ok(item) : Started<TaskItem>(id, change, item.Status);
    }

    private static ServiceResult<T> Started<T>(long id, string change, string? status = null) =>
        ServiceResult<T>.Conflict($"Item {id} is {status ?? "no longer planned"}; only a planned (pending or queued) item can be {change}.");

    private async Task<ServiceResult<CalendarEntry>> EntryAsync(long id, CancellationToken ct) =>
        await queries.EntryAsync(id, ct) is { } entry ? ServiceResult<CalendarEntry>.Ok(entry) : ServiceResult<CalendarEntry>.NotFound($"No item {id}.");
}
