namespace InstaUploader.Instagram.Mobile;

/// <summary>
/// Instagram wants something no retry can give: a person has to act (update the app identity, confirm the login in
/// the official app, change the proxy). Callers end the work and flag the account instead of retrying.
/// </summary>
public abstract class NeedsAttentionException : InstagramException
{
    protected NeedsAttentionException() { }
    protected NeedsAttentionException(string message) : base(message) { }
    protected NeedsAttentionException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// needs_upgrade / block_eu_user_login_in_old_app: Instagram no longer accepts the app version the client presents
/// (Instagram:App, <see cref="MobileAppIdentity"/>); every account gets it until the data set is updated.
/// </summary>
public sealed class AppVersionRefusedException : NeedsAttentionException
{
    public AppVersionRefusedException() { }
    public AppVersionRefusedException(string message) : base(message) { }
    public AppVersionRefusedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>sentry_block: Instagram's abuse system refused this login or request (the proxy or device is flagged).</summary>
public sealed class SentryBlockException : NeedsAttentionException
{
    public SentryBlockException() { }
    public SentryBlockException(string message) : base(message) { }
    public SentryBlockException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// checkpoint_required (a legacy checkpoint with only a web URL), or the bare 404 "Not Found" Instagram sends instead
/// of a challenge envelope: the account must pass a checkpoint in the official app or on the web.
/// </summary>
public sealed class CheckpointRequiredException : NeedsAttentionException
{
    public CheckpointRequiredException() { }
    public CheckpointRequiredException(string message) : base(message) { }
    public CheckpointRequiredException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A challenge no e-mailed code can pass (native_flow, auth_platform, a Bloks redirect): a person confirms it in the app.</summary>
public sealed class ManualChallengeException : NeedsAttentionException
{
    public ManualChallengeException() { }
    public ManualChallengeException(string message) : base(message) { }
    public ManualChallengeException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The account is on Instagram's newer Bloks two-factor flow (two_step_verification_context), which this client cannot complete.</summary>
public sealed class BloksTwoFactorRequiredException : NeedsAttentionException
{
    public BloksTwoFactorRequiredException() { }
    public BloksTwoFactorRequiredException(string message) : base(message) { }
    public BloksTwoFactorRequiredException(string message, Exception inner) : base(message, inner) { }
}
