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

    public static bool TakeMaskedCheckpoint(SandboxAccount account) =>
        TakeOne(account, f => f.MaskedCheckpoint, (f, v) => f.MaskedCheckpoint = v);

    public static bool TakeDropUpload(SandboxAccount account) =>
        TakeOne(account, f => f.DropUpload, (f, v) => f.DropUpload = v);

    public static bool TakeTranscodePending(SandboxAccount account) =>
        TakeOne(account, f => f.TranscodePending, (f, v) => f.TranscodePending = v);

    public static bool TakeDropPublishAnswer(SandboxAccount account) =>
        TakeOne(account, f => f.DropPublishAnswer, (f, v) => f.DropPublishAnswer = v);

    /// <summary>
    /// Cuts the connection mid-answer: a 200 with the start of <paramref name="jsonStart"/>, then an abort. Chromium
    /// silently resends a request whose connection resets before any response byte arrives, which would hide the
    /// fault, so the headers and a few bytes go out first. Read the whole request body before calling: unread bytes
    /// turn the close into an RST that can discard what was sent.
    /// </summary>
    public static async Task CutAnswerAsync(HttpContext http, string jsonStart, CancellationToken ct)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = 128;
        await http.Response.WriteAsync(jsonStart, ct);
        await http.Response.Body.FlushAsync(ct);
        await Task.Delay(50, ct);
        http.Abort();
    }

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
