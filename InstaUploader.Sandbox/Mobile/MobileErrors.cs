using System.Text.Json.Nodes;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>The error bodies Instagram's private API answers with (status "fail" plus a message and error_type).</summary>
internal static class MobileErrors
{
    public static IResult Fail(int statusCode, string message, string? errorType = null, JsonObject? extra = null)
    {
        var body = new JsonObject { ["message"] = message };
        if (extra is not null)
        {
            foreach (var (key, value) in extra.ToList())
            {
                extra.Remove(key);
                body[key] = value;
            }
        }

        body["status"] = "fail";
        if (errorType is not null)
        {
            body["error_type"] = errorType;
        }

        return Results.Json(body, statusCode: statusCode);
    }

    public static IResult LoginRequired() => Fail(403, "login_required", extra: new JsonObject
    {
        ["error_title"] = "You've been logged out.",
        ["error_body"] = "Please log back in.",
        ["logout_reason"] = 2,
    });

    public static IResult LoggedOutBanned() => Fail(403, "user_has_logged_out", extra: new JsonObject
    {
        ["error_title"] = "You've Been Logged Out",
        ["error_body"] = "Your account has been disabled for violating our terms.",
        ["logout_reason"] = 8,
    });

    public static IResult PleaseWait() => Fail(429, "Please wait a few minutes before you try again.");

    public static IResult FeedbackRequired() => Fail(400, "feedback_required", extra: new JsonObject
    {
        ["spam"] = true,
        ["feedback_title"] = "Try Again Later",
        ["feedback_message"] = "We restrict certain activity to protect our community. Let us know if you think we made a mistake.",
        ["feedback_url"] = "repute/report_problem/scraping/",
        ["feedback_appeal_label"] = "Tell us",
        ["feedback_ignore_label"] = "OK",
        ["feedback_action"] = "report_problem",
    });

    /// <summary>
    /// The bare 404 Instagram sends instead of a challenge envelope: text "Not Found", no JSON (instagrapi
    /// mixins/private.py:600-607 raises ChallengeRequired for exactly this body).
    /// </summary>
    public static IResult MaskedCheckpoint() => Results.Text("Not Found", "text/html; charset=utf-8", statusCode: 404);

    /// <summary>
    /// Instagram's answer to an app build it no longer serves (subzeroid/instagrapi#2773, mgp25/Instagram-API#1909:
    /// 400, this message, error_type needs_upgrade).
    /// </summary>
    public static IResult NeedsUpgrade() =>
        Fail(400, "Your version of Instagram is out of date. Please upgrade your app to log in to Instagram.", "needs_upgrade");

    public static IResult UserNotFound() => Fail(404, "User not found", "user_not_found");

    public static IResult MediaUnavailable() => Fail(400, "Media is unavailable");
}
