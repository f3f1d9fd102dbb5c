using System.Diagnostics.Metrics;
using InstaUploader.Instagram.Web;
using InstaUploader.Worker.Runners.Canary;

namespace InstaUploader.Tests.Worker;

/// <summary>A canary run is counted by outcome, and a mismatch by the first step that no longer matched.</summary>
public sealed class CanaryMetersTests
{
    [Fact]
    public void A_mismatch_is_counted_under_its_first_broken_step_and_a_match_is_not()
    {
        var meters = new CanaryMeters();
        var mismatches = new List<string?>();
        var runs = new List<string?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name is CanaryMeters.StepMismatchInstrument or CanaryMeters.RunsInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            lock (runs)
            {
                var tagList = tags.ToArray();
                (instrument.Name == CanaryMeters.RunsInstrument ? runs : mismatches)
                    .Add(tagList.Single(t => t.Key is "step" or "outcome").Value as string);
            }
        });
        listener.Start();

        meters.Record(new CanaryReport("v-test", [new CanaryStep("login form", true, null), new CanaryStep("log in", true, null)]));
        meters.Record(new CanaryReport("v-test", [new CanaryStep("login form", true, null), new CanaryStep("home feed", false, "gone")]));

        lock (runs)
        {
            Assert.Equal(["match", "mismatch"], runs);
            Assert.Equal(["home feed"], mismatches);
        }
    }
}
