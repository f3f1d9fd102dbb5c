using System.Net.Http.Json;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Upkeep;
using InstaUploader.Web.Features.Workers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace InstaUploader.Tests.Cluster;

/// <summary>The Web's worker registry as the nudge source, and the upkeep leader election, against the real database.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class RegistryAndLeaderTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task Nudges_go_to_registered_live_workers_with_their_token_and_configured_ones_only_when_none_is_live()
    {
        var live = $"live-{Guid.NewGuid():n}"[..20];
        var stale = $"stale-{Guid.NewGuid():n}"[..20];
        using var web = fx.Worker();
        foreach (var (id, port) in new[] { (live, 19001), (stale, 19002) })
        {
            using var registered = await web.PostAsJsonAsync("/api/workers/register", new
            {
                worker_id = id, base_url = $"http://10.99.0.1:{port}", capacity = 2, nudge_token = $"nudge-token-of-{id}",
            });
            await OperatorApi.EnsureAsync(registered);
        }

        await using var db = await DbAsync();
        await db.Database.ExecuteSqlAsync($"UPDATE workers SET last_heartbeat_at = now() - interval '5 minutes' WHERE id = {stale}");
        // The Web's health poll marks these unreachable addresses offline at any moment; the live one has just beaten.
        await db.Database.ExecuteSqlAsync($"UPDATE workers SET status = 'online', last_heartbeat_at = now() WHERE id = {live}");
        var configured = new DispatchOptions { Pool = [new Uri("http://configured:9000/")] };

        var targets = await WorkerPool.ResolveAsync(db, configured, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Contains(targets, t => t.Url == new Uri("http://10.99.0.1:19001/") && t.NudgeToken == $"nudge-token-of-{live}");
        Assert.DoesNotContain(targets, t => t.Url.Port == 19002);
        Assert.DoesNotContain(targets, t => t.Url.Host == "configured");

        // An hour on, every heartbeat is stale: the configured pool (with the shared token) is all there is.
        var later = await WorkerPool.ResolveAsync(db, configured, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None);
        Assert.Equal([new WorkerTarget(new Uri("http://configured:9000/"), null)], later);

        // The operator view never shows a worker's nudge token.
        using var op = fx.Operator();
        Assert.DoesNotContain("nudge-token-of-", await op.GetStringAsync("/api/workers"), StringComparison.Ordinal);
        await db.Database.ExecuteSqlAsync($"DELETE FROM workers WHERE id IN ({live}, {stale})");
    }

    [Fact]
    public async Task One_replica_leads_the_upkeep_and_another_takes_over_when_it_stops()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:instauploader"] = await fx.ConnectionStringAsync(),
        }).Build();
        var key = Random.Shared.NextInt64(1L << 40, 1L << 50);
        using var first = new UpkeepLeader(config, NullLogger<UpkeepLeader>.Instance) { LockKey = key };
        using var second = new UpkeepLeader(config, NullLogger<UpkeepLeader>.Instance) { LockKey = key };

        await first.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => first.IsLeader, "the first instance leads", 30);
        await second.StartAsync(CancellationToken.None);
        await Task.Delay(UpkeepLeader.CheckInterval * 2);
        Assert.True(first.IsLeader);
        Assert.False(second.IsLeader);

        await first.StopAsync(CancellationToken.None);
        Assert.False(first.IsLeader);
        await Eventually.TrueAsync(() => second.IsLeader, "the second instance takes over", 30);
        Assert.True(second.IsLeader);

        // The database ends the leader's session (as an outage would): it stops leading, then leads again on a new one.
        await using (var admin = new NpgsqlConnection(await fx.ConnectionStringAsync()))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = @key", admin);
            kill.Parameters.AddWithValue("key", key);
            await kill.ExecuteNonQueryAsync();
        }

        await Eventually.TrueAsync(() => !second.IsLeader, "the leader whose session was terminated stops leading", 30);
        await Eventually.TrueAsync(() => second.IsLeader, "it leads again on a new session", 30);
        Assert.True(second.IsLeader);
        await second.StopAsync(CancellationToken.None);
    }

    private async Task<AppDbContext> DbAsync() =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(await fx.ConnectionStringAsync()).UseSnakeCaseNamingConvention().Options,
            new EphemeralDataProtectionProvider());
}
