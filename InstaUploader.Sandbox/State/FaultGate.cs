namespace InstaUploader.Sandbox.State;

/// <summary>
/// The one place faults are consumed, so the web pages and the mobile API misbehave the same way.
/// Counter faults are decremented atomically per affected request.
/// </summary>
public static class FaultGate
{
    /// <summary>Consumes one "429" if any are left; returns the Retry-After seconds to send, or null to proceed.</summary>
    public static int? TakeRateLimit(SandboxAccount account) =>
        TakeOne(account, f => f.RateLimit, (f, v) => f.RateLimit = v) ? Math.Max(0, account.Faults.RetryAfterSeconds) : null;

    public static bool TakeFeedbackRequired(SandboxAccount account) =>
        TakeOne(account, f => f.FeedbackRequired, (f, v) => f.FeedbackRequired = v);

    public static bool TakeDropUpload(SandboxAccount account) =>
        TakeOne(account, f => f.DropUpload, (f, v) => f.DropUpload = v);

    public static Task DelayAsync(SandboxAccount account, CancellationToken ct) =>
        account.Faults.SlowMs > 0 ? Task.Delay(account.Faults.SlowMs, ct) : Task.CompletedTask;

    private static bool TakeOne(SandboxAccount account, Func<SandboxFaults, int> get, Action<SandboxFaults, int> set)
    {
        lock (account)
        {
            var left = get(account.Faults);
            if (left <= 0)
            {
                return false;
            }

            set(account.Faults, left - 1);
            return true;
        }
    }
}
