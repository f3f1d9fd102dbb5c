using System.Collections.Concurrent;
using InstaUploader.Tests.Infrastructure;
using Npgsql;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>
/// tasks and task_items announce changes once per statement on task_changes, with the changed task ids as the
/// payload; a lease renewal (only the lease moved) announces nothing. Notifications of committed transactions
/// arrive in commit order, so a sentinel sent afterwards marks where a statement's notifications must have arrived.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class StatementLevelNotificationTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task One_statement_over_two_tasks_sends_one_notification_and_a_renewal_sends_none()
    {
        using var op = fx.Operator();
        var first = (await op.CreateTaskAsync(new { kind = "bulk_login", account_ids = await op.ImportAccountsAsync([OperatorApi.Unique("nt"), OperatorApi.Unique("nt")]) })).GetProperty("id").GetInt32();
        var second = (await op.CreateTaskAsync(new { kind = "bulk_login", account_ids = await op.ImportAccountsAsync([OperatorApi.Unique("nt")]) })).GetProperty("id").GetInt32();
        var ours = new HashSet<string> { first.ToString(System.Globalization.CultureInfo.InvariantCulture), second.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        var connectionString = await fx.ConnectionStringAsync();
        await using var listener = new NpgsqlConnection(connectionString);
        await listener.OpenAsync();
        var payloads = new ConcurrentQueue<string>();
        listener.Notification += (_, e) => payloads.Enqueue(e.Payload);
        await ExecuteAsync(listener, "LISTEN task_changes");

        await using var writer = new NpgsqlConnection(connectionString);
        await writer.OpenAsync();
        var tasks = $"({first}, {second})";
        await ExecuteAsync(writer, $"UPDATE task_items SET lease_expires_at = now() + interval '1 minute', updated_at = now() WHERE task_id IN {tasks}");
        var afterRenewal = await UntilSentinelAsync(listener, writer, payloads, "renewed");
        await ExecuteAsync(writer, $"UPDATE task_items SET run_after = now() + interval '1 hour', updated_at = now() WHERE task_id IN {tasks}");
        var afterChange = await UntilSentinelAsync(listener, writer, payloads, "changed");

        Assert.DoesNotContain(afterRenewal, p => p.Split(',').Any(ours.Contains));
        var announced = Assert.Single(afterChange, p => p.Split(',').Any(ours.Contains));
        Assert.Equal(ours, announced.Split(',').ToHashSet());
    }

    /// <summary>Sends a sentinel notification and returns what arrived before it.</summary>
    private static async Task<List<string>> UntilSentinelAsync(NpgsqlConnection listener, NpgsqlConnection writer, ConcurrentQueue<string> payloads, string sentinel)
    {
        await ExecuteAsync(writer, $"SELECT pg_notify('task_changes', 'sentinel-{sentinel}')");
        var seen = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            while (payloads.TryDequeue(out var payload))
            {
                if (payload == $"sentinel-{sentinel}")
                {
                    return seen;
                }

                seen.Add(payload);
            }

            await listener.WaitAsync(timeout.Token);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
