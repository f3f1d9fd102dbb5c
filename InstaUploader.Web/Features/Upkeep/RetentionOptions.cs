using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Upkeep;

/// <summary>How long the tables that only grow keep their rows (section <c>Retention</c>); 0 keeps them forever.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Worker metric samples (≈1,440 a day per worker).</summary>
    [Range(0, 3650)]
    public int WorkerMetricsDays { get; set; } = 7;

    /// <summary>Registry rows of workers not heartbeating (a row per pod name KEDA ever made) and holding no item.</summary>
    [Range(0, 3650)]
    public int StaleWorkerDays { get; set; } = 7;

    /// <summary>Item log lines (item_logs is an item's only log: older lines leave its log).</summary>
    [Range(0, 3650)]
    public int ItemLogDays { get; set; } = 30;

    /// <summary>Finished tasks (completed, failed, cancelled) with their items, videos and log lines.</summary>
    [Range(0, 3650)]
    public int FinishedTaskDays { get; set; } = 90;

    /// <summary>Rows per DELETE statement, so no pass holds long locks or bloats one transaction.</summary>
    [Range(100, 100_000)]
    public int BatchSize { get; set; } = 5_000;
}
