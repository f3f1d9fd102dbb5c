using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InstaUploader.Web.Features.Queue;

public sealed partial class WorkItems
{
    // The predecessor's process is gone, so its items are runnable at once (no backoff: the item did nothing wrong);
    // the attempt it used stays counted, so an item that kills its worker every time still ends failed.
    private const string RescueOrphansSql = """
        UPDATE task_items SET
            status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'queued' END,
            last_error = 'lease ended: worker ' || lease_owner || ' ' || @why,
            attempt_errors = attempt_errors || (attempts::text || ': lease ended: worker ' || lease_owner || ' ' || @why),
            finished_at = CASE WHEN attempts >= max_attempts THEN now() ELSE NULL END,
            run_after = now(), lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
        WHERE (status || '') = 'in_progress' AND lease_owner = @owner
        RETURNING task_id, status
        """;

    /// <summary>What a rescue found about the worker whose items it handed back (the items' last error says it).</summary>
    public const string Restarted = "restarted";
    public const string StoppedAnswering = "stopped answering";

    /// <summary>
    /// Returns every item leased to <paramref name="owner"/> to the queue (or fails it once its attempts are spent):
    /// called when a new process registers under that name holding nothing (<see cref="Restarted"/>), or when the
    /// worker's heartbeats stopped and it no longer answers its health route (<see cref="StoppedAnswering"/>), so
    /// whatever the name still holds belonged to a dead process. That process, were it only paused, finds them gone
    /// (lost renewal, 409 finish).
    /// </summary>
    public async Task<int> RescueOrphansOfAsync(string owner, string why, CancellationToken ct)
    {
        var rescued = await db.Database.SqlQueryRaw<RescuedItem>(RescueOrphansSql,
            new NpgsqlParameter<string>("owner", owner), new NpgsqlParameter<string>("why", why)).ToListAsync(ct);
        await SettleRescuedAsync(rescued, ct);
        if (rescued.Count > 0)
        {
            logger.LogWarning("Rescued {Count} item(s) of worker {Worker}, which {Why}", rescued.Count, owner, why);
        }

        return rescued.Count;
    }
}
