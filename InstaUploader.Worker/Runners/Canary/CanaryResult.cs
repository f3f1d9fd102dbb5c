using System.Text.Json.Serialization;
using InstaUploader.Instagram.Web;

namespace InstaUploader.Worker.Runners.Canary;

/// <summary>A canary run as the item's result: what the Web's monitoring page reads back.</summary>
public sealed record CanaryResult(
    [property: JsonPropertyName("healthy")] bool Healthy,
    [property: JsonPropertyName("selectors_version")] string SelectorsVersion,
    [property: JsonPropertyName("account")] string Account,
    [property: JsonPropertyName("first_broken")] string? FirstBroken,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("steps")] IReadOnlyList<CanaryResultStep> Steps)
{
    public static CanaryResult From(CanaryReport report, string account) => new(
        report.Healthy, report.SelectorsVersion, account, report.FirstBroken?.Name, report.FirstBroken?.Detail,
        [.. report.Steps.Select(s => new CanaryResultStep(s.Name, s.Passed, s.Detail))]);
}

public sealed record CanaryResultStep(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("detail")] string? Detail);
