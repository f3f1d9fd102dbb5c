using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Dashboard;

/// <summary>One 5-minute bucket of finished task items.</summary>
public sealed record ThroughputBucket(DateTimeOffset Start, int Done, int Failed)
{
    public int Total => Done + Failed;
}

/// <summary>
/// Items done and failed per 5-minute bucket over the last hour, from task_items.finished_at. Buckets are aligned
/// to the clock (…:00, :05, …) so a bar keeps its meaning between refreshes; the last one is the current, partial one.
/// </summary>
public sealed class ThroughputQuery(AppDbContext db, TimeProvider time, InstaUploader.Web.Features.Workspaces.ICurrentWorkspace caller)
{
    public const int BucketCount = 12;
    public static readonly TimeSpan BucketSize = TimeSpan.FromMinutes(5);

    public async Task<IReadOnlyList<ThroughputBucket>> LastHourAsync(CancellationToken ct)
    {
        var from = FirstBucketStart(time.GetUtcNow());
        var to = from + BucketSize * BucketCount;
        var seconds = (int)BucketSize.TotalSeconds;
        // Raw SQL passes no query filter: the caller's workspaces are applied here by hand.
        var everything = caller.VisibleWorkspaceIds is null;
        var workspaces = caller.VisibleWorkspaceIds?.ToArray() ?? [];
        // Counted in SQL so a busy hour costs one grouped scan, not one row per item sent to the Web.
        var rows = await db.Database.SqlQuery<Row>($"""
            SELECT floor(extract(epoch FROM (finished_at - {from})) / {seconds})::int AS "Bucket",
                   count(*) FILTER (WHERE status = {ItemStatuses.Done})::int AS "Done",
                   count(*) FILTER (WHERE status = {ItemStatuses.Failed})::int AS "Failed"
            FROM task_items
            WHERE finished_at >= {from} AND finished_at < {to} AND status IN ({ItemStatuses.Done}, {ItemStatuses.Failed})
              AND ({everything} OR task_id IN (SELECT id FROM tasks WHERE workspace_id = ANY({workspaces})))
            GROUP BY 1
            """).ToListAsync(ct);
        return Fill(from, rows);
    }

    /// <summary>Start of the oldest bucket: the current 5-minute slot and the 11 before it.</summary>
    public static DateTimeOffset FirstBucketStart(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var slot = new DateTimeOffset(utc.Ticks - (utc.Ticks % BucketSize.Ticks), TimeSpan.Zero);
        return slot - BucketSize * (BucketCount - 1);
    }

    private static List<ThroughputBucket> Fill(DateTimeOffset from, List<Row> rows) =>
        [.. Enumerable.Range(0, BucketCount).Select(i =>
            rows.FirstOrDefault(r => r.Bucket == i) is { } r
                ? new ThroughputBucket(from + BucketSize * i, r.Done, r.Failed)
                : new ThroughputBucket(from + BucketSize * i, 0, 0))];

    private sealed record Row(int Bucket, int Done, int Failed);
}
