using InstaUploader.Web.Features.Pacing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// Pacing in the queue: the claim (QueueSql.ClaimOne, ClaimMany) skips an item whose account is quarantined (waits for a person; only a login task
/// may run), resting (its or its proxy's cool-down) or has used up its cap of the item's action; and a finished run's
/// signals go to <see cref="AccountPacing"/>, whose deferrals move the due time of the account's queued items, so work
/// beyond a cap or inside a cool-down waits visibly and is never failed for it.
/// </summary>
public sealed partial class WorkItems
{
    /// <summary>
    /// A completion and its pacing commit together: usage is credited only when an item finishes, and the partial
    /// unique index lets an account's next item be claimed only once this one is no longer in progress — so by the
    /// time a claim can see the account free, it also sees the usage and the pause this run brought (no claim slips
    /// in between and overshoots a cap). Null without pacing or inside the caller's own transaction.
    /// </summary>
    private async Task<IDbContextTransaction?> BeginPacedAsync(CancellationToken ct) =>
        pacing is null || db.Database.CurrentTransaction is not null ? null : await db.Database.BeginTransactionAsync(ct);

    private async Task CommitPacedAsync(IDbContextTransaction? paced, CancellationToken ct)
    {
        if (paced is not null)
        {
            await paced.CommitAsync(ct);
            await pacing!.AlertIfDueAsync(ct);
        }
    }

    /// <summary>Hands finished runs of accounts to pacing and defers what it says must wait.</summary>
    private async Task PaceAsync(IReadOnlyList<(CompletedItem Item, CompleteCommand Command)> finished, CancellationToken ct)
    {
        if (pacing is null)
        {
            return;
        }

        var runs = finished
            .Where(f => f.Item is { AccountId: not null, Kind: not null })
            .Select(f => new FinishedRun(f.Item.Id, f.Item.AccountId!.Value, f.Item.Kind!, f.Item.Status == ItemStatuses.Done,
                f.Command.PushBack, f.Command.AccountStatus, f.Command.Error, f.Command.RetryAfter))
            .ToList();
        foreach (var deferral in await pacing.ObserveAsync(runs, ct))
        {
            await DeferAsync(deferral, ct);
        }
    }

    /// <summary>Moves the due time of the account's queued items (of the deferral's action, or all) to its end.</summary>
    public async Task<int> DeferAsync(Deferral deferral, CancellationToken ct)
    {
        await using var connection = await QueueConnection.OpenAsync(db, ct);
        await using var defer = connection.Command(QueueSql.DeferAccount);
        defer.Parameters.Add(new NpgsqlParameter<int>("account", deferral.AccountId));
        defer.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("until", deferral.Until));
        defer.Parameters.Add(new NpgsqlParameter("action", NpgsqlDbType.Text) { Value = (object?)deferral.Action ?? DBNull.Value });
        return await defer.ExecuteNonQueryAsync(ct);
    }
}
