using System.Net;
using System.Text.Json.Nodes;

namespace InstaUploader.Instagram.Mobile;

/// <summary>
/// Turns a private-API failure into the typed exception callers decide on (the order follows how Instagram
/// signals them: throttling first, then blocks, session loss, login steps, and finally anything else).
/// </summary>
internal static class MobileErrorMapper
{
    public static InstagramException Map(MobileResponse response)
    {
        var json = response.Json;
        var message = json?["message"]?.ToString() ?? "";
        var errorType = json?["error_type"]?.ToString();
        var status = response.StatusCode;

        if (status == HttpStatusCode.TooManyRequests || message.Contains("Please wait a few minutes", StringComparison.OrdinalIgnoreCase))
        {
            return new RateLimitedException(Describe(message, "Please wait a few minutes before you try again."), response.RetryAfter);
        }

        if (message.StartsWith("Transcode not finished yet", StringComparison.OrdinalIgnoreCase))
        {
            return new TranscodePendingException(message);
        }

        if (message == "feedback_required")
        {
            var title = json?["feedback_title"]?.ToString();
            var body = json?["feedback_message"]?.ToString();
            return new FeedbackRequiredException($"feedback_required: {title}: {body}");
        }

        if (message == "login_required")
        {
            return new LoginRequiredException("Instagram ended the session (login_required).");
        }

        if (message == "user_has_logged_out" || errorType is "checkpoint_logged_out" or "inactive user" || IsSuspension(json))
        {
            return new AccountDisabledException($"Instagram disabled or logged out the account ({Describe(errorType, message)}).");
        }

        if (json?["two_factor_info"] is not null || errorType == "two_factor_required")
        {
            return new TwoFactorRequiredException("Instagram requires two-factor authentication.");
        }

        if (message is "challenge_required" or "checkpoint_required")
        {
            return new ChallengeRequiredException($"Instagram requires a checkpoint ({json?["challenge"]?["api_path"]}).");
        }

        if (errorType is "bad_password" or "invalid_user")
        {
            return new BadPasswordException(Describe(message, "Instagram rejected the login credentials."));
        }

        if (status == HttpStatusCode.NotFound && (errorType == "user_not_found" || message.Contains("User not found", StringComparison.OrdinalIgnoreCase)))
        {
            return new UserNotFoundException(message);
        }

        return new InstagramApiException(
            $"Instagram answered {(int)status}: {Describe(message, response.Text.Length > 300 ? response.Text[..300] : response.Text)}",
            status, errorType);
    }

    private static bool IsSuspension(JsonObject? json)
    {
        var url = json?["challenge"]?["url"]?.ToString() ?? json?["checkpoint_url"]?.ToString() ?? "";
        return url.Contains("/suspended/", StringComparison.Ordinal) || url.Contains("/disabled/", StringComparison.Ordinal);
    }

    private static string Describe(string? primary, string fallback) => string.IsNullOrWhiteSpace(primary) ? fallback : primary;
}
