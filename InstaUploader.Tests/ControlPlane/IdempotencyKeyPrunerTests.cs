using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Upkeep;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>Applied Idempotency-Keys are forgotten after their retention, and only then.</summary>
[Collection(ControlPlaneCollection.Name)]
public sealed class IdempotencyKeyPrunerTests(ControlPlaneFixture fx)
{
    [Fact]
    public async Task Keys_older_than_the_cutoff_are_deleted_and_younger_ones_kept()
    {
        await using var db = new AppDbContext(
            new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(await fx.ConnectionStringAsync()).UseSnakeCaseNamingConvention().Options,
            new EphemeralDataProtectionProvider());
        var cutoff = DateTimeOffset.UtcNow - IdempotencyKeyPruner.Retention;
        var prefix = "prune-test|" + Guid.NewGuid().ToString("n");
        db.ProcessedRequests.AddRange(
            new ProcessedRequest { Key = prefix + "|old1", At = cutoff.AddHours(-3) },
            new ProcessedRequest { Key = prefix + "|old2", At = cutoff.AddSeconds(-1) },
            new ProcessedRequest { Key = prefix + "|young", At = cutoff.AddMinutes(5) });
        await db.SaveChangesAsync();

        var removed = await IdempotencyKeyPruner.PruneAsync(db, cutoff, CancellationToken.None);

        Assert.True(removed >= 2, $"removed {removed}");
        var left = await db.ProcessedRequests.AsNoTracking().Where(r => r.Key.StartsWith(prefix)).Select(r => r.Key).ToListAsync();
        Assert.Equal([prefix + "|young"], left);
    }
}
