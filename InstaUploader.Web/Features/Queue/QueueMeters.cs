using System.Diagnostics;
using System.Diagnostics.Metrics;
using InstaUploader.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// The queue's own meters, shown under Metrics in the Aspire dashboard: queued and in-progress items (an observable
/// gauge counted from the database when the exporter reads it, so a queue that fills and drains between two 10 s
/// samples still shows), items finished (a counter, by outcome) and how long claims take and what they found.
/// Finished items are counted as they finish, not sampled: counting a million finished rows every few seconds is the
/// full-table count an agency-sized database cannot afford; the two gauge counts walk small partial indexes.
/// </summary>
public sealed class QueueMeters
{
    public const string ItemsInstrument = "instauploader.queue.items";
    public const string ClaimDurationInstrument = "instauploader.queue.claim.duration";
    public const string FinishedInstrument = "instauploader.queue.finished";

    private readonly Histogram<double> _claimDuration;
    private readonly Counter<long> _finished;
    private readonly IServiceScopeFactory? _scopes;

    public QueueMeters()
        : this(null)
    {
    }

    public QueueMeters(IServiceScopeFactory? scopes)
    {
        _scopes = scopes;
        _claimDuration = Telemetry.Meter.CreateHistogram<double>(ClaimDurationInstrument, "s", "Time a worker's claim_next took, by outcome (claimed or empty).");
        Telemetry.Meter.CreateObservableGauge(ItemsInstrument, ObserveItems, "{item}", "Work items waiting or running, by status: queued, in_progress.");
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

    // The exporter's read runs this callback (synchronous by the meter API). Its queries are kept out of the traces:
    // one-span traces every export would bury the traces an operator looks for.
    private IEnumerable<Measurement<long>> ObserveItems()
    {
        if (_scopes is null)
        {
            return [];
        }

        try
        {
            using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
            using var scope = _scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            // One count per status, each over its own partial index (a grouped count walks every item).
            var queued = db.TaskItems.LongCount(i => i.Status == ItemStatuses.Queued);
            var inProgress = db.TaskItems.LongCount(i => i.Status == ItemStatuses.InProgress);
            return
            [
                new Measurement<long>(queued, new KeyValuePair<string, object?>("status", ItemStatuses.Queued)),
                new Measurement<long>(inProgress, new KeyValuePair<string, object?>("status", ItemStatuses.InProgress)),
            ];
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // No database, no reading: the gauge skips this export rather than report a false zero.
            return [];
        }
    }
}
