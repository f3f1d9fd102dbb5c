using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InstaUploader.Web.Features.Queue;

public sealed partial class WorkItems
{
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
        var rescued = await db.Database.SqlQueryRaw<RescuedItem>(QueueSql.RescueOrphans,
            new NpgsqlParameter<string>("owner", owner), new NpgsqlParameter<string>("why", why)).ToListAsync(ct);
        await SettleRescuedAsync(rescued, ct);
        if (rescued.Count > 0)
        {
            logger.LogWarning("Rescued {Count} item(s) of worker {Worker}, which {Why}", rescued.Count, owner, why);
        }

        return rescued.Count;
    }
}
