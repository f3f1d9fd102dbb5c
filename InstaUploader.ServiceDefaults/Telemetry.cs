using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>The one ActivitySource and Meter the InstaUploader services write their own spans and instruments to.</summary>
public static class Telemetry
{
    public const string ActivitySourceName = "InstaUploader";
    public const string MeterName = "InstaUploader";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);
}
