using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// The queue's own meters, shown under Metrics in the Aspire dashboard: queued and in-progress items (a gauge sampled
/// from the database), items finished (a counter, by outcome) and how long claims take and what they found.
/// Finished items are counted as they finish, not sampled: counting a million finished rows every few seconds is the
/// full-table count an agency-sized database cannot afford.
/// </summary>
public sealed class QueueMeters
{
    public const string ItemsInstrument = "instauploader.queue.items";
    public const string ClaimDurationInstrument = "instauploader.queue.claim.duration";
    public const string FinishedInstrument = "instauploader.queue.finished";

    private readonly Histogram<double> _claimDuration;
    private readonly Counter<long> _finished;
    private FrozenDictionary<string, long> _items = FrozenDictionary<string, long>.Empty;

    public QueueMeters()
    {
        _claimDuration = Telemetry.Meter.CreateHistogram<double>(ClaimDurationInstrument, "s", "Time a worker's claim_next took, by outcome (claimed or empty).");
        Telemetry.Meter.CreateObservableGauge(ItemsInstrument, () => _items.Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("status", kv.Key))),
            "{item}", "Work items waiting or running, by status: queued, in_progress.");
        _finished = Telemetry.Meter.CreateCounter<long>(FinishedInstrument, "{item}", "Work items finished, by status: done, failed.");
    }

    /// <summary>Counts an item that reached <paramref name="status"/>; items sent back to the queue are not finished.</summary>
    public void Finished(string status)
    {
        if (status is ItemStatuses.Done or ItemStatuses.Failed)
        {
            _finished.Add(1, new KeyValuePair<string, object?>("status", status));
        }
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
        // One count per status, each over its own partial index (a grouped count walks every item).
        var queued = await db.TaskItems.LongCountAsync(i => i.Status == ItemStatuses.Queued, ct);
        var inProgress = await db.TaskItems.LongCountAsync(i => i.Status == ItemStatuses.InProgress, ct);
        _items = new Dictionary<string, long> { [ItemStatuses.Queued] = queued, [ItemStatuses.InProgress] = inProgress }.ToFrozenDictionary();
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
