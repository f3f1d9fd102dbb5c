using System.Diagnostics;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The audit page over a large trail: <c>entries</c> audit entries seeded with generate_series (200 users, every
/// action, a month of time), then the server-side time of the page's data load through <see cref="AuditQueries"/>
/// unfiltered, by each filter, and a deep keyset page.
/// </summary>
internal static class AuditScale
{
    public static async Task SeedAsync(Bench bench, int entries)
    {
        var actions = string.Join(",", AuditActions.All.Select(a => $"'{a}'"));
        await using (var seed = bench.Data.CreateCommand($"""
            INSERT INTO audit_entries (at, user_id, actor, action, record_type, record_id, workspace_id, ip, user_agent, details)
            SELECT now() - make_interval(secs => ({entries} - g) * 2.6),
                   'user-' || (g % 200), 'user' || (g % 200) || '@agency.test',
                   (ARRAY[{actions}])[1 + g % {AuditActions.All.Length}],
                   'task', (g % 50000)::text, 1 + g % 20, '10.0.' || (g % 250) || '.1', 'Mozilla/5.0 bench',
                   jsonb_build_object('kind', 'bulk_login')
            FROM generate_series(1, {entries}) g
            """))
        {
            seed.CommandTimeout = 0;
            await seed.ExecuteNonQueryAsync();
        }

        await using var settle = bench.Data.CreateCommand("VACUUM ANALYZE audit_entries");
        settle.CommandTimeout = 0;
        await settle.ExecuteNonQueryAsync();
    }

    public static async Task<List<AgencyScale.PageTime>> MeasurePageAsync(Bench bench, string connectionString, int runs)
    {
        // Where someone who paged 1,000 times would be.
        await using var cursor = bench.Data.CreateCommand($"SELECT id FROM audit_entries ORDER BY id DESC OFFSET {1000 * AuditQueries.PageSize} LIMIT 1");
        var deep = (long)(await cursor.ExecuteScalarAsync() ?? long.MaxValue);
        var services = new ServiceCollection();
        services.AddDbContext<AppDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        services.AddDataProtection();
        services.AddScoped<AuditQueries>();
        await using var provider = services.BuildServiceProvider();

        var now = DateTimeOffset.UtcNow;
        var loads = new (string Name, Func<AuditQueries, Task> Load)[]
        {
            ("audit page", q => q.PageAsync(new AuditFilter(), null, default)),
            ("audit page by user", q => q.PageAsync(new AuditFilter(User: "user42@agency.test"), null, default)),
            ("audit page by action", q => q.PageAsync(new AuditFilter(Action: AuditActions.SecretRevealed), null, default)),
            ("audit page by record", q => q.PageAsync(new AuditFilter(RecordType: "task", RecordId: "4242"), null, default)),
            ("audit page by workspace", q => q.PageAsync(new AuditFilter(WorkspaceId: 7), null, default)),
            ("audit page, one day a week ago", q => q.PageAsync(new AuditFilter(From: now.AddDays(-8), To: now.AddDays(-7)), null, default)),
            ("audit page 1,000 pages deep", q => q.PageAsync(new AuditFilter(), deep, default)),
        };

        var times = new List<AgencyScale.PageTime>();
        foreach (var (name, load) in loads)
        {
            var ms = new List<double>();
            for (var run = 0; run < runs + 1; run++)
            {
                await using var scope = provider.CreateAsyncScope();
                var started = Stopwatch.GetTimestamp();
                await load(scope.ServiceProvider.GetRequiredService<AuditQueries>());
                if (run > 0)
                {
                    ms.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }

            times.Add(new AgencyScale.PageTime(name, Bench.Percentile(ms, 50), ms.Max()));
        }

        return times;
    }
}
