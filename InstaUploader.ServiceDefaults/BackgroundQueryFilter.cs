using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Background loops (upkeep, monitors, LISTEN loops, pollers) query the database outside any request: exported, each
/// of those queries is a one-span trace, and a claim's trace could not be found among thousands of them. A database
/// span with no parent is left unrecorded; queries made inside a request or a span of ours stay in their trace.
/// </summary>
public sealed class BackgroundQueryFilter : BaseProcessor<Activity>
{
    public const string DatabaseSourceName = "Npgsql";

    public override void OnEnd(Activity data)
    {
        if (data.Source.Name == DatabaseSourceName && data.ParentSpanId == default)
        {
            // The export processors skip activities that are not recorded.
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
