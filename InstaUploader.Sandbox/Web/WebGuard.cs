using System.Globalization;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Web;

/// <summary>
/// Endpoint filter for the XHRs behind web actions (like, follow, story seen, profile edits): a signed-in session
/// and the CSRF double submit, then <see cref="FaultGate"/> slows, throttles (429 + Retry-After) or blocks
/// (feedback_required) exactly as it does for the mobile API.
/// </summary>
internal sealed class WebGuard(SandboxStore store) : IEndpointFilter
{
    private const string AccountKey = "sandbox.web.account";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (WebSession.CurrentUser(http, store) is not { } account)
        {
            return Results.Json(new { message = "login_required", status = "fail" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!WebSession.CsrfValid(http))
        {
            return Results.Json(new { message = "CSRF token missing or incorrect", status = "fail" }, statusCode: StatusCodes.Status403Forbidden);
        }

        if (account.Faults.Banned)
        {
            return Results.Json(new { message = "user_has_logged_out", status = "fail" }, statusCode: StatusCodes.Status403Forbidden);
        }

        await FaultGate.DelayAsync(account, http.RequestAborted);
        if (ThrottleOrBlock(account, http) is { } refused)
        {
            return refused;
        }

        http.Items[AccountKey] = account;
        return await next(context);
    }

    /// <summary>The signed-in account; only valid inside routes behind this filter.</summary>
    public static SandboxAccount Account(HttpContext http) =>
        http.Items[AccountKey] as SandboxAccount ?? throw new InvalidOperationException("Route is not behind WebGuard.");

    /// <summary>The web side's 429 (with Retry-After) or feedback_required answer when a fault is due, else null.</summary>
    public static IResult? ThrottleOrBlock(SandboxAccount account, HttpContext http)
    {
        if (FaultGate.TakeRateLimit(account) is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return Results.Json(new { message = "Please wait a few minutes before you try again.", status = "fail" },
                statusCode: StatusCodes.Status429TooManyRequests);
        }

        return FaultGate.TakeFeedbackRequired(account)
            ? Results.Json(new
            {
                message = "feedback_required",
                spam = true,
                feedback_title = "Try Again Later",
                feedback_message = "We restrict certain activity to protect our community. Tell us if you think we made a mistake.",
                feedback_required = true,
                status = "fail",
            }, statusCode: StatusCodes.Status400BadRequest)
            : null;
    }
}
