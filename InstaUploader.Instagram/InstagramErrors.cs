namespace InstaUploader.Instagram;

/// <summary>
/// Failures Instagram reports, shared by the mobile API client and the web automation so callers handle
/// them the same way whichever upload method ran.
/// </summary>
public class InstagramException : Exception
{
    public InstagramException() { }
    public InstagramException(string message) : base(message) { }
    public InstagramException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Instagram said the password is wrong (or the user does not exist).</summary>
public sealed class BadPasswordException : InstagramException
{
    public BadPasswordException() { }
    public BadPasswordException(string message) : base(message) { }
    public BadPasswordException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>HTTP 429 / "Please wait a few minutes before you try again."</summary>
public sealed class RateLimitedException : InstagramException
{
    public RateLimitedException() { }
    public RateLimitedException(string message) : base(message) { }
    public RateLimitedException(string message, Exception inner) : base(message, inner) { }
    public RateLimitedException(string message, TimeSpan? retryAfter) : base(message) => RetryAfter = retryAfter;

    public TimeSpan? RetryAfter { get; }
}

/// <summary>feedback_required / "Try Again Later": the action was blocked; back off for hours, not seconds.</summary>
public sealed class FeedbackRequiredException : InstagramException
{
    public FeedbackRequiredException() { }
    public FeedbackRequiredException(string message) : base(message) { }
    public FeedbackRequiredException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Two-factor authentication is required and could not be completed (no or wrong TOTP secret).</summary>
public sealed class TwoFactorRequiredException : InstagramException
{
    public TwoFactorRequiredException() { }
    public TwoFactorRequiredException(string message) : base(message) { }
    public TwoFactorRequiredException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A checkpoint/challenge is required and could not be completed (no mailbox, code never arrived, code refused).</summary>
public sealed class ChallengeRequiredException : InstagramException
{
    public ChallengeRequiredException() { }
    public ChallengeRequiredException(string message) : base(message) { }
    public ChallengeRequiredException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The account is disabled or banned.</summary>
public sealed class AccountDisabledException : InstagramException
{
    public AccountDisabledException() { }
    public AccountDisabledException(string message) : base(message) { }
    public AccountDisabledException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The media upload failed in transit (connection dropped, server error); safe to retry.</summary>
public sealed class UploadFailedException : InstagramException
{
    public UploadFailedException() { }
    public UploadFailedException(string message) : base(message) { }
    public UploadFailedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The session is not (or no longer) logged in; log in again before retrying.</summary>
public sealed class LoginRequiredException : InstagramException
{
    public LoginRequiredException() { }
    public LoginRequiredException(string message) : base(message) { }
    public LoginRequiredException(string message, Exception inner) : base(message, inner) { }
}
