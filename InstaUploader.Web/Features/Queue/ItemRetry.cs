using System.Linq.Expressions;
using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Queue;

/// <summary>Which of a task's finished items a retry puts back in the queue: each is a separate operator choice.</summary>
public enum RetryScope
{
    /// <summary>Failed items another attempt may fix.</summary>
    RetryableFailures,

    /// <summary>Items the operator cancelled before they ran.</summary>
    Cancelled,
}

/// <summary>
/// The one definition of a retryable and of a permanent failure, shared by the retry, the task's progress (API and
/// page) and its button. A failure is permanent when the worker reported it as not retryable (a wrong password, a
/// ban, a challenge that needs a person); a failure whose attempts ran out, or whose lease expired, is not.
/// </summary>
public static class ItemRetry
{
    public static readonly Expression<Func<TaskItem, bool>> RetryableFailure = i => i.Status == ItemStatuses.Failed && !i.PermanentFailure;

    public static readonly Expression<Func<TaskItem, bool>> Cancelled = i => i.Status == ItemStatuses.Cancelled;

    public static Expression<Func<TaskItem, bool>> Of(RetryScope scope) => scope == RetryScope.Cancelled ? Cancelled : RetryableFailure;
}

/// <summary>What a retry did: how many items it queued again and why the rest of the finished ones were left.</summary>
public sealed record RetryResult(RetryScope Scope, int Requeued, int RetryableLeft, int CancelledLeft, int PermanentLeft)
{
    /// <summary>For the operator, e.g. "Re-queued 2; left 63 cancelled and 1 that cannot succeed (see its error)."</summary>
    public string Message
    {
        get
        {
            var left = new List<string>();
            if (RetryableLeft > 0)
            {
                left.Add($"{RetryableLeft} failed (use Retry failed)");
            }

            if (CancelledLeft > 0)
            {
                left.Add($"{CancelledLeft} cancelled (use Retry cancelled)");
            }

            if (PermanentLeft > 0)
            {
                left.Add($"{PermanentLeft} that cannot succeed without a fix (see {(PermanentLeft == 1 ? "its error" : "their errors")})");
            }

            var what = Scope == RetryScope.Cancelled ? "cancelled" : "failed";
            var head = Requeued > 0 ? $"Re-queued {Requeued} {what}" : $"Nothing {what} to re-queue";
            return left.Count == 0 ? head + "." : $"{head}; left {string.Join(" and ", left)}.";
        }
    }
}
