using System.Text.Json.Nodes;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// Login refusals a person has to deal with, injected per account (<see cref="SandboxFaults"/>): each answer has the
/// shape the cited public source shows; docs/instagram-protocol.md lists them.
/// </summary>
internal static class MobileLoginFaults
{
    public static IResult? Answer(SandboxAccount account)
    {
        var faults = account.Faults;
        if (faults.SentryBlock)
        {
            // mgp25/Instagram-API#721, instagram4j/instagram4j#33; instagrapi mixins/private.py:537 raises SentryBlock.
            return MobileErrors.Fail(400, "Sorry, there was a problem with your request.", "sentry_block");
        }

        if (faults.OldAppBlockedInEu)
        {
            // subzeroid/instagrapi#1878, Datalux/Osintgram#1018 (400, this message and error_type).
            return MobileErrors.Fail(400, "You'll need to update Instagram to the latest version before you can use the app.",
                "block_eu_user_login_in_old_app");
        }

        if (faults.CheckpointRequired)
        {
            // The legacy checkpoint: a web URL and lock, no challenge.api_path (as the Sandbox's suspension answer).
            return MobileErrors.Fail(400, "checkpoint_required", "checkpoint_challenge_required", new JsonObject
            {
                ["checkpoint_url"] = $"https://i.instagram.com/challenge/?next=/api/v1/accounts/login/&user_id={account.Pk}",
                ["lock"] = true,
                ["flow_render_type"] = 0,
            });
        }

        if (faults.ManualChallenge is { Length: > 0 } kind)
        {
            return ManualChallenge(account, kind);
        }

        if (faults.BloksTwoFactor)
        {
            // instagrapi mixins/auth.py:794-806 and tests/regression/test_auth_story.py:344-353: the login is refused
            // like a bad password, but carries the Bloks two-factor context instead of two_factor_info.
            return MobileErrors.Fail(400, "Two-factor authentication is required to log in.", "bad_password", new JsonObject
            {
                ["two_step_verification_context"] = MobileSessions.RandomToken(48),
                ["totp_two_factor_on"] = true,
                ["sms_two_factor_on"] = false,
            });
        }

        return null;
    }

    /// <summary>
    /// A checkpoint no e-mailed code passes: native_flow (challenge.native_flow true on a /challenge/ path) or an
    /// /auth_platform/ path, as instagrapi exceptions.py:146-166 and mixins/challenge.py:152-167 tell them apart.
    /// </summary>
    private static IResult ManualChallenge(SandboxAccount account, string kind)
    {
        var nonce = MobileSessions.RandomToken(10);
        var apiPath = kind == "auth_platform" ? $"/auth_platform/codeentry/?apc={nonce}" : $"/challenge/{account.Pk}/{nonce}/";
        return MobileLogin.ChallengeAnswer(apiPath, nativeFlow: kind == "native_flow", context: null);
    }
}
