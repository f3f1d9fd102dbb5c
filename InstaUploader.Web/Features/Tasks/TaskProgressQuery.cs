using System.Linq.Expressions;
using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>
/// What one item adds to its task's numbers. Successes and failures are what the item's worker counted (a bulk upload
/// counts each Reel); an item whose runner counts nothing (a warm-up, a login) is one success when done and one failure
/// when failed, so a task of 92 done warm-ups reports 92 successes, not 0.
/// </summary>
public sealed class ItemOutcome
{
    public static readonly Expression<Func<TaskItem, ItemOutcome>> Of = i => new ItemOutcome
    {
        TaskId = i.TaskId,
        Status = i.Status,
        PermanentFailure = i.PermanentFailure,
        Successes = i.Success > 0 ? i.Success : i.Status == ItemStatuses.Done ? 1 : 0,
        Failures = i.Failed > 0 ? i.Failed : i.Status == ItemStatuses.Failed ? 1 : 0,
        Likes = i.Likes,
        Follows = i.Follows,
        Viewed = i.Viewed,
    };

    private static readonly Func<TaskItem, ItemOutcome> Compiled = Of.Compile();

    public int TaskId { get; init; }
    public string Status { get; init; } = "";
    public bool PermanentFailure { get; init; }
    public int Successes { get; init; }
    public int Failures { get; init; }
    public int Likes { get; init; }
    public int Follows { get; init; }
    public int Viewed { get; init; }

    public static ItemOutcome For(TaskItem item) => Compiled(item);
}

/// <summary>Reads <see cref="TaskProgress"/> for one task or many, in one grouped query.</summary>
public static class TaskProgressQuery
{
    public static async Task<TaskProgress> TaskProgressAsync(this AppDbContext db, int taskId, CancellationToken ct) =>
        (await db.TaskProgressAsync([taskId], ct))[taskId];

    /// <summary>The progress of every task in <paramref name="taskIds"/> (an empty progress for a task without items).</summary>
    public static async Task<Dictionary<int, TaskProgress>> TaskProgressAsync(this AppDbContext db, IReadOnlyCollection<int> taskIds, CancellationToken ct)
    {
        var ids = taskIds.Distinct().ToList();
        var groups = await db.TaskItems.AsNoTracking().Where(i => ids.Contains(i.TaskId)).Select(ItemOutcome.Of)
            .GroupBy(o => new { o.TaskId, o.Status, o.PermanentFailure })
            .Select(g => new ItemGroup(g.Key.TaskId, g.Key.Status, g.Key.PermanentFailure, g.Count(),
                g.Sum(o => o.Successes), g.Sum(o => o.Failures), g.Sum(o => o.Likes), g.Sum(o => o.Follows), g.Sum(o => o.Viewed)))
            .ToListAsync(ct);
        var byTask = groups.ToLookup(g => g.TaskId);
        return ids.ToDictionary(id => id, id => TaskProgress.From(byTask[id]));
    }
}
