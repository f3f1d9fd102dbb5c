using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// Endpoint filter for every authenticated route: checks the session, then lets <see cref="FaultGate"/> decide
/// whether this request is slowed, throttled (429 + Retry-After), blocked (feedback_required) or met by a masked checkpoint.
/// </summary>
internal sealed class MobileGuard(SandboxStore store, PushBackLimits limits, TimeProvider time) : IEndpointFilter
{
    private const string AccountKey = "sandbox.mobile.account";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var account = MobileSessions.Resolve(store, http.Request);
        if (account is null)
        {
            return MobileErrors.LoginRequired();
        }

        MobileTraffic.Record(store, account.Username, http, time.GetUtcNow());
        if (account.Faults.Banned)
        {
            return MobileErrors.LoggedOutBanned();
        }

        await FaultGate.DelayAsync(account, http.RequestAborted);

        if (limits.TakeRequest(http.Connection.RemoteIpAddress?.ToString() ?? "?") is { } ipWait)
        {
            http.Response.Headers.RetryAfter = ipWait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return MobileErrors.PleaseWait();
        }

        if (FaultGate.TakeRateLimit(account) is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString();
            return MobileErrors.PleaseWait();
        }

        if (FaultGate.TakeFeedbackRequired(account))
        {
            return MobileErrors.FeedbackRequired();
        }

        if (FaultGate.TakeMaskedCheckpoint(account))
        {
            return MobileErrors.MaskedCheckpoint();
        }

        http.Items[AccountKey] = account;
        return await next(context);
    }

    /// <summary>The authenticated account; only valid inside routes behind this filter.</summary>
    public static SandboxAccount Account(HttpContext http) =>
        http.Items[AccountKey] as SandboxAccount ?? throw new InvalidOperationException("Route is not behind MobileGuard.");
}
