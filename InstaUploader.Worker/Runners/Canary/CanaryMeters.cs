using System.Diagnostics.Metrics;
using InstaUploader.Instagram.Web;

namespace InstaUploader.Worker.Runners.Canary;

/// <summary>
/// The canary's instruments: every run counted by outcome, and a mismatch counted by the first step that no longer
/// matches, so an alert can name the page Instagram changed.
/// </summary>
public sealed class CanaryMeters
{
    public const string RunsInstrument = "instauploader.canary.runs";
    public const string StepMismatchInstrument = "instauploader.canary.step_mismatch";

    private readonly Counter<long> _runs = Telemetry.Meter.CreateCounter<long>(
        RunsInstrument, "{run}", "Web canary runs, by outcome (match, mismatch) and selectors version.");

    private readonly Counter<long> _mismatches = Telemetry.Meter.CreateCounter<long>(
        StepMismatchInstrument, "{run}", "Web canary runs that found a page no longer matching, by the first such step.");

    public void Record(CanaryReport report)
    {
        var version = new KeyValuePair<string, object?>("selectors_version", report.SelectorsVersion);
        _runs.Add(1, new KeyValuePair<string, object?>("outcome", report.Healthy ? "match" : "mismatch"), version);
        if (report.FirstBroken is { } broken)
        {
            _mismatches.Add(1, new KeyValuePair<string, object?>("step", broken.Name), version);
        }
    }
}
