using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Upkeep;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Security;

/// <summary>
/// Forgets audit entries older than the retention setting, on the <see cref="UpkeepLeader"/> replica only. The
/// database itself refuses any other DELETE on the table (see the migration's trigger).
/// </summary>
public sealed class AuditRetention(IServiceScopeFactory scopes, UpkeepLeader leader, TimeProvider time, ILogger<AuditRetention> logger)
    : LeaderLoop(leader, time, logger)
{
    private const int BatchSize = 10_000;

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var removed = await PruneAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
        if (removed > 0)
        {
            Logger.LogInformation("Forgot {Count} audit entries past their retention", removed);
        }
    }

    /// <summary>Deletes entries older than the retention setting, a batch per statement; returns how many.</summary>
    public static async Task<int> PruneAsync(AppDbContext db, CancellationToken ct)
    {
        var total = 0;
        int removed;
        do
        {
            removed = await db.Database.ExecuteSqlInterpolatedAsync($"""
                DELETE FROM audit_entries WHERE id IN (
                    SELECT id FROM audit_entries
                    WHERE at < now() - make_interval(days => (SELECT audit_retention_days FROM security_settings WHERE id = 1))
                    ORDER BY at LIMIT {BatchSize})
                """, ct);
            total += removed;
        }
        while (removed == BatchSize);

        return total;
    }
}
