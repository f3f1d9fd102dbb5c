using InstaUploader.Web.Features.Pacing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// Pacing in the queue: the claim skips an item whose account is quarantined (waits for a person; only a login task
/// may run), resting (its or its proxy's cool-down) or has used up its cap of the item's action; and a finished run's
/// signals go to <see cref="AccountPacing"/>, whose deferrals move the due time of the account's queued items, so work
/// beyond a cap or inside a cool-down waits visibly and is never failed for it.
/// </summary>
public sealed partial class WorkItems
{
    // One primary-key lookup of the candidate's account (and its proxy) and of one pause row.
    private const string HeldBackByPacingSql = $"""

              AND (c.account_id IS NULL OR NOT EXISTS (
                    SELECT 1 FROM accounts pa LEFT JOIN proxies pp ON pp.id = pa.proxy_id
                    WHERE pa.id = c.account_id
                      AND ((pa.health IN ('{AccountHealth.Challenged}', '{AccountHealth.LoggedOut}', '{AccountHealth.Disabled}') AND c.kind <> '{TaskKinds.BulkLogin}')
                           OR pa.cooling_until > now() OR pp.cooling_until > now()
                           OR EXISTS (SELECT 1 FROM account_pauses ps
                                      WHERE ps.account_id = pa.id AND ps.action = {PacingActions.ForCandidateSql} AND ps.until > now()))))

        """;

    private static readonly string DeferSql = $"""
        UPDATE task_items SET run_after = @until, updated_at = now()
        WHERE account_id = @account AND status = 'queued' AND run_after < @until
          AND (@action::text IS NULL OR {PacingActions.ForKindSql("kind")} = @action)
        """;

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
        await using var defer = connection.Command(DeferSql);
        defer.Parameters.Add(new NpgsqlParameter<int>("account", deferral.AccountId));
        defer.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("until", deferral.Until));
        defer.Parameters.Add(new NpgsqlParameter("action", NpgsqlDbType.Text) { Value = (object?)deferral.Action ?? DBNull.Value });
        return await defer.ExecuteNonQueryAsync(ct);
    }
}
