using InstaUploader.Instagram.Web;

namespace InstaUploader.Worker.Runners.Canary;

/// <summary>A canary run as the item's result: what the Web's monitoring page reads back.</summary>
public sealed record CanaryResult(
    bool Healthy, string SelectorsVersion, string Account, string? FirstBroken, string? Detail, IReadOnlyList<CanaryStep> Steps)
{
    public static CanaryResult From(CanaryReport report, string account) => new(
        report.Healthy, report.SelectorsVersion, account, report.FirstBroken?.Name, report.FirstBroken?.Detail, report.Steps);
}
