using System.Text.Json.Serialization;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>
/// Every number shown about a task, defined once: the task page, the task list, the dashboard, the API's progress
/// and the metrics all read this type (through <see cref="TaskProgressQuery"/>), so no two screens can disagree.
/// An item is finished once it is done, failed or cancelled; the bar's percentage is finished of total, the same
/// figure as "N of M finished". <see cref="FailedCannotSucceed"/> of the failed items failed permanently (ItemRetry);
/// the rest, <see cref="FailedRetryable"/>, are what "Retry failed" queues again.
/// </summary>
public sealed record TaskProgress(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("pending")] int Pending,
    [property: JsonPropertyName("queued")] int Queued,
    [property: JsonPropertyName("in_progress")] int InProgress,
    [property: JsonPropertyName("done")] int Done,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("cancelled")] int Cancelled,
    [property: JsonPropertyName("success")] int Success,
    [property: JsonPropertyName("failed_count")] int FailedCount,
    [property: JsonPropertyName("likes")] int Likes,
    [property: JsonPropertyName("follows")] int Follows,
    [property: JsonPropertyName("viewed")] int Viewed,
    [property: JsonPropertyName("failed_cannot_succeed")] int FailedCannotSucceed = 0)
{
    public static readonly TaskProgress Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    [JsonPropertyName("failed_retryable")]
    public int FailedRetryable => Failed - FailedCannotSucceed;

    /// <summary>Items that will not run again unless someone retries them.</summary>
    [JsonPropertyName("finished")]
    public int Finished => Done + Failed + Cancelled;

    /// <summary>Items waiting for a worker: not started yet or queued.</summary>
    [JsonPropertyName("waiting")]
    public int Waiting => Pending + Queued;

    /// <summary>Finished of total, in whole percent (rounded down, so 100 only when every item finished).</summary>
    [JsonPropertyName("percent")]
    public int Percent => Total == 0 ? 0 : Finished * 100 / Total;

    /// <summary>The text beside the bar.</summary>
    public string Summary => $"{Finished} of {Total} finished";

    /// <summary>Sums items counted by status. Successes and failures come from <see cref="ItemOutcome"/>.</summary>
    public static TaskProgress From(IEnumerable<ItemGroup> groups)
    {
        var rows = groups as IReadOnlyCollection<ItemGroup> ?? [.. groups];
        int C(string s) => rows.Where(r => r.Status == s).Sum(r => r.Count);
        return new TaskProgress(rows.Sum(r => r.Count), C(ItemStatuses.Pending), C(ItemStatuses.Queued), C(ItemStatuses.InProgress),
            C(ItemStatuses.Done), C(ItemStatuses.Failed), C(ItemStatuses.Cancelled),
            rows.Sum(r => r.Successes), rows.Sum(r => r.Failures), rows.Sum(r => r.Likes), rows.Sum(r => r.Follows), rows.Sum(r => r.Viewed),
            rows.Where(r => r.Status == ItemStatuses.Failed && r.PermanentFailure).Sum(r => r.Count));
    }
}

/// <summary>Items of one task with one status (and permanence), with their outcomes summed.</summary>
public sealed record ItemGroup(int TaskId, string Status, bool PermanentFailure, int Count, int Successes, int Failures, int Likes, int Follows, int Viewed);
