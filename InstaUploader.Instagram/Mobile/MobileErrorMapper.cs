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

        if (message == "user_has_logged_out" || errorType is "checkpoint_logged_out" or "inactive user" || MobileChallenges.IsSuspension(json))
        {
            return new AccountDisabledException($"Instagram disabled or logged out the account ({Describe(errorType, message)}).");
        }

        // Not retried: Instagram answers the same until the app identity is updated (public answers cited in
        // docs/instagram-protocol.md; instagrapi has no case for them and raises UnknownError).
        if (errorType is "needs_upgrade" or "block_eu_user_login_in_old_app")
        {
            return new AppVersionRefusedException(
                $"Instagram refuses the app version the client presents ({errorType}: {Describe(message, "update Instagram")}); " +
                $"update {MobileAppIdentity.Section} (version, version code, Bloks id) to a current build.");
        }

        // instagrapi mixins/private.py:537 (SentryBlock).
        if (errorType == "sentry_block")
        {
            return new SentryBlockException(
                $"Instagram's abuse protection blocked the login (sentry_block: {Describe(message, "no message")}); " +
                "change the account's proxy or log in once in the official app.");
        }

        // instagrapi mixins/auth.py:794-806: a login refused with a Bloks two-factor context, not a wrong password.
        if (MobileChallenges.IsBloksTwoFactor(json))
        {
            return new BloksTwoFactorRequiredException(
                "Instagram asks for its newer two-factor flow (Bloks, two_step_verification_context), which this client " +
                "cannot complete; log in once in the official app, or turn two-factor off and on again with an authenticator app.");
        }

        if (json?["two_factor_info"] is not null || errorType == "two_factor_required")
        {
            return new TwoFactorRequiredException("Instagram requires two-factor authentication.");
        }

        if (message == "challenge_required" && MobileChallenges.ManualKind(json) is { } kind)
        {
            return new ManualChallengeException(
                $"Instagram requires a checkpoint that cannot be passed with an e-mailed code ({kind}, " +
                $"{json?["challenge"]?["api_path"]}); confirm it in the official Instagram app on a trusted device.");
        }

        if (message == "challenge_required")
        {
            return new ChallengeRequiredException($"Instagram requires a checkpoint ({json?["challenge"]?["api_path"]}).");
        }

        if (message == "checkpoint_required")
        {
            return new CheckpointRequiredException(
                $"Instagram requires a checkpoint on the web ({Describe(json?["checkpoint_url"]?.ToString(), "checkpoint_required")}); " +
                "pass it in the official app or on instagram.com.");
        }

        // instagrapi mixins/private.py:600-607: a bare "Not Found" body is a masked challenge, not a missing resource.
        if (status == HttpStatusCode.NotFound && response.Json is null && response.Text.Trim() == "Not Found")
        {
            return new CheckpointRequiredException(
                "Instagram answered a bare 404 \"Not Found\", its masked checkpoint; pass the checkpoint in the official app.");
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


    private static string Describe(string? primary, string fallback) => string.IsNullOrWhiteSpace(primary) ? fallback : primary;
}
