using InstaUploader.Contracts;
using InstaUploader.Contracts.Queue;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Features.Pacing;
using InstaUploader.Web.Features.Queue;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InstaUploader.Tests.Pacing;

/// <summary>
/// Claims racing a cap, over the real database: usage is credited when an item finishes, so what keeps concurrent
/// claims from overshooting is that an account runs one item at a time and that a finish and its pacing commit together.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class PacingCapRaceTests(ControlPlaneFixture fx)
{
    private static readonly TimeSpan Old = TimeSpan.FromDays(400);

    private static CompleteCommand Done() => new(ItemStatuses.Done, null, null, null, false, null, null);

    [Fact]
    public async Task Two_concurrent_claims_for_one_account_at_cap_minus_one_give_only_one_item()
    {
        var kit = new PacingKit(fx, new PacingOptions { Caps = { [PacingActions.Follow] = new ActionCap(2, 100) } });
        var account = (await kit.AccountsAsync("race", 1, Old))[0];
        var task = await kit.TaskAsync(TaskKinds.Follow, [account.Id], repeats: 4);
        try
        {
            await using var db = await kit.DbAsync();
            var queue = kit.Queue(db);
            var first = await queue.ClaimNextAsync("pacer-0", TaskKinds.Follow, task, null, default);
            await queue.AddCountersAsync(TaskKinds.Follow, first!.Item.Id, new ItemCounters(0, 0, 0, 1, 0), null, default);
            await queue.CompleteAsync(first.Item.Id, "pacer-0", Done(), default);

            // One follow left of the hour's two: two workers claim at the same moment.
            await using var one = await kit.DbAsync();
            await using var two = await kit.DbAsync();
            var claims = await Task.WhenAll(
                kit.Queue(one).ClaimNextAsync("pacer-1", TaskKinds.Follow, task, null, default),
                kit.Queue(two).ClaimNextAsync("pacer-2", TaskKinds.Follow, task, null, default));
            var won = Assert.Single(claims, c => c is not null)!;

            await queue.AddCountersAsync(TaskKinds.Follow, won.Item.Id, new ItemCounters(0, 0, 0, 1, 0), null, default);
            await queue.CompleteAsync(won.Item.Id, won.Item.LeaseOwner!, Done(), default);
            Assert.Null(await queue.ClaimNextAsync("pacer-1", TaskKinds.Follow, task, null, default));
            var usage = (await kit.Queries(db).AccountAsync(account.Id, default))!.Usage.Single(u => u.Action == PacingActions.Follow);
            Assert.Equal(2, usage.LastHour);
        }
        finally
        {
            await kit.CancelAsync(task);
        }
    }

    [Fact]
    public async Task A_claim_made_while_a_finish_is_being_paced_finds_the_account_still_busy()
    {
        var kit = new PacingKit(fx, new PacingOptions { Caps = { [PacingActions.Follow] = new ActionCap(1, 100) } });
        var account = (await kit.AccountsAsync("window", 1, Old))[0];
        var task = await kit.TaskAsync(TaskKinds.Follow, [account.Id], repeats: 2);
        try
        {
            await using var db = await kit.DbAsync();
            var queue = kit.Queue(db);
            var work = await queue.ClaimNextAsync("pacer", TaskKinds.Follow, task, null, default);
            await queue.AddCountersAsync(TaskKinds.Follow, work!.Item.Id, new ItemCounters(0, 0, 0, 1, 0), null, default);

            // Hold the account's row so the finish stops inside pacing (crediting its follow needs a key-share lock on it).
            var connectionString = await fx.ConnectionStringAsync();
            await using var holder = new NpgsqlConnection(connectionString);
            await holder.OpenAsync();
            var hold = await holder.BeginTransactionAsync();
            await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM accounts WHERE id = @id FOR UPDATE", holder, hold))
            {
                lockRow.Parameters.AddWithValue("id", account.Id);
                await lockRow.ExecuteScalarAsync();
            }

            var finishing = queue.CompleteAsync(work.Item.Id, "pacer", Done(), default);
            try
            {
                await WaitUntilBlockedOnAsync(connectionString, "action_events");

                // The item has finished but its follow is not yet counted: the account must not look free.
                await using var other = await kit.DbAsync();
                Assert.Null(await kit.Queue(other).ClaimNextAsync("sneaky", TaskKinds.Follow, task, null, default));
            }
            finally
            {
                await hold.RollbackAsync();
                await hold.DisposeAsync();
                await finishing;
            }

            await using var after = await kit.DbAsync();
            Assert.Null(await kit.Queue(after).ClaimNextAsync("sneaky", TaskKinds.Follow, task, null, default));
            var waiting = await after.TaskItems.AsNoTracking().SingleAsync(i => i.TaskId == task && i.Status == ItemStatuses.Queued);
            Assert.True(waiting.RunAfter > DateTimeOffset.UtcNow.AddMinutes(50));
        }
        finally
        {
            await kit.CancelAsync(task);
        }
    }

    // From a connection of its own and outside any transaction: a transaction sees one snapshot of pg_stat_activity.
    private static async Task WaitUntilBlockedOnAsync(string connectionString, string table)
    {
        await using var probe = new NpgsqlConnection(connectionString);
        await probe.OpenAsync();
        for (var i = 0; i < 600; i++)
        {
            await using var query = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%' || @table || '%'", probe);
            query.Parameters.AddWithValue("table", table);
            if ((long)(await query.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"The finish never waited on {table}.");
    }
}
