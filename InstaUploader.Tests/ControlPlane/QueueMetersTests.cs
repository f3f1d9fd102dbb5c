using System.Diagnostics.Metrics;
using InstaUploader.Contracts;
using InstaUploader.Web.Features.Queue;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>Finished items are counted as they finish, by outcome; an item sent back to the queue has not finished.</summary>
public sealed class QueueMetersTests
{
    [Fact]
    public void Finished_items_are_counted_by_outcome_and_requeued_ones_are_not()
    {
        var meters = new QueueMeters();
        var counted = new List<(long Value, string? Status)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == QueueMeters.FinishedInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (counted)
            {
                counted.Add((value, tags.ToArray().Single(t => t.Key == "status").Value as string));
            }
        });
        listener.Start();

        meters.Finished(ItemStatuses.Done);
        meters.Finished(ItemStatuses.Queued);
        meters.Finished(ItemStatuses.Failed);
        meters.Finished(ItemStatuses.Done);

        lock (counted)
        {
            // Other tests' meters publish to the same instrument name; this one's are the statuses it sent.
            Assert.Equal([ItemStatuses.Done, ItemStatuses.Failed, ItemStatuses.Done], counted.Select(c => c.Status));
            Assert.All(counted, c => Assert.Equal(1, c.Value));
        }
    }
}
