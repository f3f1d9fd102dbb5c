using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// The queue's own meters, shown under Metrics in the Aspire dashboard: work items by status (a gauge sampled
/// from the database) and how long claims take and what they found.
/// </summary>
public sealed class QueueMeters
{
    public const string ItemsInstrument = "instauploader.queue.items";
    public const string ClaimDurationInstrument = "instauploader.queue.claim.duration";

    private static readonly string[] Sampled = [ItemStatuses.Queued, ItemStatuses.InProgress, ItemStatuses.Done, ItemStatuses.Failed];

    private readonly Histogram<double> _claimDuration;
    private FrozenDictionary<string, long> _items = FrozenDictionary<string, long>.Empty;

    public QueueMeters()
    {
        _claimDuration = Telemetry.Meter.CreateHistogram<double>(ClaimDurationInstrument, "s", "Time a worker's claim_next took, by outcome (claimed or empty).");
        Telemetry.Meter.CreateObservableGauge(ItemsInstrument, () => _items.Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("status", kv.Key))),
            "{item}", "Work items by status: queued, in_progress, done, failed.");
    }

    /// <summary>Times every claim_next of the group it is added to.</summary>
    public static async ValueTask<object?> MeasureClaimAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await next(context);
        var outcome = result is IStatusCodeHttpResult { StatusCode: 404 } ? "empty" : "claimed";
        context.HttpContext.RequestServices.GetRequiredService<QueueMeters>()._claimDuration
            .Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));
        return result;
    }

    public async Task SampleAsync(AppDbContext db, CancellationToken ct)
    {
        var counts = await db.TaskItems.AsNoTracking()
            .Where(i => Sampled.Contains(i.Status))
            .GroupBy(i => i.Status)
            .Select(g => new { g.Key, Count = g.LongCount() })
            .ToListAsync(ct);
        _items = Sampled.ToFrozenDictionary(s => s, s => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0);
    }
}

/// <summary>Refreshes <see cref="QueueMeters"/>' item counts every few seconds (a count per export would hit the database every second).</summary>
public sealed class QueueMetersSampler(QueueMeters meters, IServiceScopeFactory scopes, TimeProvider time, ILogger<QueueMetersSampler> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await meters.SampleAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug("Queue meters not sampled: {Error}", ex.Message);
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
