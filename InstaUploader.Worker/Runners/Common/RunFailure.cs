using InstaUploader.Contracts.Queue;
using InstaUploader.Instagram;
using InstaUploader.Instagram.Dolphin;
using InstaUploader.Instagram.Mobile;
using Microsoft.Playwright;

namespace InstaUploader.Worker.Runners.Common;

/// <summary>
/// What a failed run means for the queue: the operator-facing reason, whether another attempt can help, and how
/// long to wait before it. Shared by every Instagram runner so both upload methods fail the same way. The reason
/// states what happened, not what comes next: it is also the error of an item that has no attempt left.
/// <see cref="AccountStatus"/> is what the failure shows about the account, for the Web to set on it.
/// </summary>
public sealed record RunFailure(string Reason, bool Retryable, TimeSpan? RetryAfter = null, string? AccountStatus = null)
{
    /// <summary>How Instagram pushed back (a PushBacks value), for the Web to slow the account and its proxy.</summary>
    public string? PushBack { get; init; }

    /// <summary>The queue outcome of a failure whose reason the runner has just written to the item log.</summary>
    public WorkOutcome ToOutcome() =>
        WorkOutcome.Fail(Reason, Retryable, RetryAfter) with { ErrorLogged = true, AccountStatus = AccountStatus, PushBack = PushBack };

    /// <summary>The failure <paramref name="error"/> stands for, or null for an unexpected error (left to the job manager).</summary>
    public static RunFailure? From(Exception error, WorkAccount account, RunnerOptions options) => error switch
    {
        BadPasswordException => new($"Wrong password for {account}", Retryable: false, AccountStatus: AccountStatuses.LoginRequired),
        AccountDisabledException e => new($"{account} is disabled or banned by Instagram: {e.Message}", Retryable: false,
            AccountStatus: AccountStatuses.Banned),
        RateLimitedException e => new($"Instagram rate-limited {account} (429)", Retryable: true,
            e.RetryAfter is { } after && after > TimeSpan.Zero ? after : TimeSpan.FromSeconds(options.RateLimitBackoffSeconds))
        {
            PushBack = PushBacks.RateLimited,
        },
        FeedbackRequiredException e => new($"Instagram blocked actions of {account} (feedback_required)", Retryable: true,
            TimeSpan.FromSeconds(options.FeedbackBackoffSeconds))
        {
            PushBack = e.Message.Contains("block", StringComparison.OrdinalIgnoreCase) ? PushBacks.ActionBlocked : PushBacks.FeedbackRequired,
        },
        AppVersionRefusedException e => new($"Instagram refused the login of {account}: {e.Message}", Retryable: false,
            AccountStatus: AccountStatuses.LoginRequired),
        SentryBlockException e => new($"Instagram blocked {account}: {e.Message}", Retryable: false, AccountStatus: AccountStatuses.LoginRequired),
        BloksTwoFactorRequiredException e => new($"{account} cannot log in here: {e.Message}", Retryable: false,
            AccountStatus: AccountStatuses.LoginRequired),
        NeedsAttentionException e => new($"{account} needs a person: {e.Message}", Retryable: false, AccountStatus: AccountStatuses.Challenge),
        ChallengeRequiredException when !account.HasMailbox => new(
            $"Instagram asks {account} for an e-mailed security code, but the account has no e-mail login/password to read it", Retryable: false,
            AccountStatus: AccountStatuses.Challenge),
        ChallengeRequiredException e => new($"E-mail challenge of {account} failed: {e.Message}", Retryable: true),
        TwoFactorRequiredException when account.TotpSecret is null => new(
            $"{account} has two-factor authentication on, but no TOTP secret is stored", Retryable: false,
            AccountStatus: AccountStatuses.LoginRequired),
        TwoFactorRequiredException e => new($"Two-factor login of {account} failed: {e.Message}", Retryable: true),
        LoginRequiredException => new($"Instagram ended the session of {account}", Retryable: true),
        UploadFailedException e => new($"Upload failed: {e.Message}", Retryable: true),
        ProxyFailedException e => new($"{e.Message}; fix or replace the proxy of {account}", Retryable: false),
        UserNotFoundException e => new($"User not found: {e.Message}", Retryable: false),
        InstagramException e => new($"Instagram error for {account}: {e.Message}", Retryable: true),
        DolphinAntyException e => new($"Dolphin Anty: {e.Message}", Retryable: true),
        PlaywrightException or TimeoutException => new($"Browser automation failed: {error.Message}", Retryable: true),
        _ => null,
    };

    /// <summary>Whether this is the item's last try: a retryable failure now ends it too.</summary>
    public static bool IsLastAttempt(ClaimedWork work) =>
        work.MaxAttempts is { } max && work.Attempts >= max;
}
