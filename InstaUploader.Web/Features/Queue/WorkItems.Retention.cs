using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InstaUploader.Web.Features.Queue;

public sealed partial class WorkItems
{
    /// <summary>
    /// Forgets a finished task with its items and their log lines, <paramref name="batch"/> rows per statement so a large
    /// task never holds a long lock (retention, <c>RetentionJob</c>). Returns what went.
    /// </summary>
    public async Task<(int Logs, int Items, int Tasks)> ForgetFinishedTaskAsync(int taskId, int batch, CancellationToken ct)
    {
        var logs = await BatchedDelete.RepeatAsync(c => db.Database.ExecuteSqlRawAsync(QueueSql.ForgetTaskLines, TaskBatch(taskId, batch), c), batch, ct);
        var items = await BatchedDelete.RepeatAsync(c => db.Database.ExecuteSqlRawAsync(QueueSql.ForgetTaskItems, TaskBatch(taskId, batch), c), batch, ct);
        var tasks = await db.Tasks.Where(t => t.Id == taskId).ExecuteDeleteAsync(ct);
        return (logs, items, tasks);
    }

    /// <summary>Forgets log lines stored before <paramref name="before"/>, <paramref name="batch"/> rows per statement (retention).</summary>
    public Task<int> ForgetLinesBeforeAsync(DateTimeOffset before, int batch, CancellationToken ct) =>
        BatchedDelete.RepeatAsync(c => db.Database.ExecuteSqlRawAsync(QueueSql.ForgetLinesBefore,
            [new NpgsqlParameter<DateTimeOffset>("before", before), new NpgsqlParameter<int>("batch", batch)], c), batch, ct);

    private static NpgsqlParameter[] TaskBatch(int taskId, int batch) =>
        [new NpgsqlParameter<int>("task", taskId), new NpgsqlParameter<int>("batch", batch)];
}
