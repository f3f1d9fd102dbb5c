using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace InstaUploader.Web.Data;

/// <summary>Readiness: the Web is not ready while PostgreSQL does not answer.</summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("PostgreSQL is not reachable.");
}
