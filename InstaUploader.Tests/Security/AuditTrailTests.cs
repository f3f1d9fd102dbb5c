using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace InstaUploader.Tests.Security;

/// <summary>
/// The audit trail is append-only in the database: UPDATE, DELETE and TRUNCATE are refused, except the retention job's
/// DELETE of entries past the retention setting. Task actions through the legacy token are recorded as it, with the
/// caller's address; the trail pages newest first by keyset.
/// </summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class AuditTrailTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task The_database_refuses_update_delete_and_truncate_of_audit_entries()
    {
        await using var services = await SecurityHarness.ServicesAsync(fx);
        var marker = OperatorApi.Unique("append-only");
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(AuditActions.SettingsChanged, "test", marker);
        }

        await using var conn = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await conn.OpenAsync();
        foreach (var sql in new[]
        {
            $"UPDATE audit_entries SET actor = 'someone else' WHERE record_id = '{marker}'",
            $"DELETE FROM audit_entries WHERE record_id = '{marker}'",
            "TRUNCATE audit_entries",
        })
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.MessageText);
        }

        await using var db = SecurityHarness.Db(services);
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.RecordId == marker);
        Assert.Equal("system", entry.Actor);
    }

    [Fact]
    public async Task Retention_deletes_only_entries_older_than_the_setting()
    {
        await using var services = await SecurityHarness.ServicesAsync(fx);
        var old = OperatorApi.Unique("old");
        var young = OperatorApi.Unique("young");
        await using (var db = SecurityHarness.Db(services))
        {
            var days = (await db.SecuritySettings.AsNoTracking().SingleAsync()).AuditRetentionDays;
            db.AuditEntries.AddRange(
                new AuditEntry { At = DateTimeOffset.UtcNow.AddDays(-days - 1), Actor = "system", Action = AuditActions.SignIn, RecordType = "test", RecordId = old },
                new AuditEntry { At = DateTimeOffset.UtcNow.AddDays(-days + 1), Actor = "system", Action = AuditActions.SignIn, RecordType = "test", RecordId = young });
            await db.SaveChangesAsync();
        }

        await using (var db = SecurityHarness.Db(services))
        {
            Assert.True(await AuditRetention.PruneAsync(db, default) >= 1);
            var left = await db.AuditEntries.AsNoTracking().Where(e => e.RecordId == old || e.RecordId == young).Select(e => e.RecordId).ToListAsync();
            Assert.Equal([young], left);
        }
    }

    [Fact]
    public async Task Task_start_cancel_and_retry_are_recorded_as_the_legacy_token_and_paged_newest_first()
    {
        var op = fx.Operator();
        var accountId = await op.CreateAccountAsync(OperatorApi.Unique("audit"));
        var taskId = (await op.CreateTaskAsync(new { kind = "bulk_login", account_ids = new[] { accountId }, start = false })).GetProperty("id").GetInt32();
        (await op.PostAsync($"/api/v1/tasks/{taskId}/start", null)).EnsureSuccessStatusCode();
        (await op.PostAsync($"/api/v1/tasks/{taskId}/cancel", null)).EnsureSuccessStatusCode();
        (await op.PostAsync($"/api/v1/tasks/{taskId}/retry-cancelled", null)).Dispose();

        await using var services = await SecurityHarness.ServicesAsync(fx);
        await using var scope = services.CreateAsyncScope();
        var queries = scope.ServiceProvider.GetRequiredService<AuditQueries>();
        var filter = new AuditFilter(RecordType: "task", RecordId: taskId.ToString());
        var first = await queries.PageAsync(filter, null, default, size: 2);
        Assert.Equal([AuditActions.TaskRetried, AuditActions.TaskCancelled], first.Entries.Select(e => e.Action));
        Assert.NotNull(first.NextBefore);
        var second = await queries.PageAsync(filter, first.NextBefore, default, size: 2);
        Assert.Equal([AuditActions.TaskStarted, AuditActions.TaskCreated], second.Entries.Select(e => e.Action));
        Assert.All(first.Entries.Concat(second.Entries), e =>
        {
            Assert.Equal(AuditCaller.LegacyTokenActor, e.Actor);
            Assert.False(string.IsNullOrEmpty(e.Ip));
        });
        Assert.Empty((await queries.PageAsync(filter with { Action = AuditActions.SignIn }, null, default)).Entries);
    }
}
