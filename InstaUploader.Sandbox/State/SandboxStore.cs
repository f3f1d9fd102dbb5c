using System.Collections.Concurrent;

namespace InstaUploader.Sandbox.State;

/// <summary>
/// Everything the Sandbox knows: registered Instagram accounts with their faults, and a record of every
/// action performed against it (posts, likes, follows, avatar and bio changes, mail). In memory by design:
/// it stands in for external systems and is reset between scenarios.
/// </summary>
public sealed class SandboxStore
{
    private long _nextId = 1_000;

    public ConcurrentDictionary<string, SandboxAccount> Accounts { get; } = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentQueue<SandboxPost> Posts { get; } = new();
    public ConcurrentQueue<SandboxAction> Actions { get; } = new();
    public ConcurrentQueue<SandboxMail> Mail { get; } = new();
    public ConcurrentDictionary<string, SandboxProfile> Profiles { get; } = new(StringComparer.OrdinalIgnoreCase);
    public MobileApiState Mobile { get; } = new();

    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Web sessions: <c>sessionid</c> cookie value → username. A session whose account is gone is ignored.</summary>
    public ConcurrentDictionary<string, string> WebSessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Web logins waiting for a second step: 2FA identifier or challenge token → username.</summary>
    public ConcurrentDictionary<string, string> WebPendingLogins { get; } = new(StringComparer.Ordinal);

    public SandboxAccount? Find(string username) => Accounts.TryGetValue(username, out var a) ? a : null;

    public void Reset()
    {
        Accounts.Clear();
        Posts.Clear();
        Actions.Clear();
        Mail.Clear();
        Profiles.Clear();
        Mobile.Clear();
        WebSessions.Clear();
        WebPendingLogins.Clear();
    }
}

/// <summary>An Instagram account as the Sandbox sees it; <see cref="Faults"/> decide how it misbehaves.</summary>
public sealed class SandboxAccount
{
    public required long Pk { get; init; }
    public required string Username { get; init; }
    public required string Password { get; set; }
    public string? TotpSecret { get; set; }
    public string? Email { get; set; }
    public string? EmailPassword { get; set; }
    public string? FullName { get; set; }
    public string Biography { get; set; } = "";
    public string? ExternalUrl { get; set; }
    public string? AvatarSha256 { get; set; }
    public SandboxFaults Faults { get; set; } = new();
    public HashSet<long> Following { get; } = [];

    /// <summary>Challenge code most recently mailed for this account (checkpoint flow).</summary>
    public string? PendingChallengeCode { get; set; }
}

/// <summary>
/// Switchable misbehaviour. Counters (<c>RateLimit</c>, <c>FeedbackRequired</c>, <c>DropUpload</c>,
/// <c>DropPublishAnswer</c>) are consumed one per affected request, so "2" means the first two attempts fail and the third succeeds.
/// </summary>
public sealed class SandboxFaults
{
    public bool TwoFactor { get; set; }
    public bool Challenge { get; set; }
    public int RateLimit { get; set; }
    public int RetryAfterSeconds { get; set; } = 1;
    public int FeedbackRequired { get; set; }
    public int SlowMs { get; set; }
    public int DropUpload { get; set; }

    /// <summary><c>configure_to_clips</c> publishes the reel, then the connection dies before the answer arrives.</summary>
    public int DropPublishAnswer { get; set; }

    /// <summary>
    /// <c>configure_to_clips</c> answers 202 "Transcode not finished yet" this many times whatever the clock says,
    /// so a test can hold a transcode without racing the real-time window (<see cref="SandboxOptions.TranscodeSeconds"/>).
    /// </summary>
    public int TranscodePending { get; set; }

    public bool Banned { get; set; }

    /// <summary>Login answers sentry_block (Instagram's abuse system refused it).</summary>
    public bool SentryBlock { get; set; }

    /// <summary>Login answers block_eu_user_login_in_old_app, whatever the app version.</summary>
    public bool OldAppBlockedInEu { get; set; }

    /// <summary>Login answers the legacy checkpoint_required (a web checkpoint URL, no challenge api_path).</summary>
    public bool CheckpointRequired { get; set; }

    /// <summary>Authenticated requests answer a bare 404 "Not Found", Instagram's masked checkpoint (counted down).</summary>
    public int MaskedCheckpoint { get; set; }

    /// <summary>Login answers a challenge no code can pass: "native_flow" or "auth_platform"; null for none.</summary>
    public string? ManualChallenge { get; set; }

    /// <summary>Login answers with a Bloks two-factor context (two_step_verification_context) instead of two_factor_info.</summary>
    public bool BloksTwoFactor { get; set; }

    /// <summary>
    /// The web profile editor labels its Bio field "About you": a page changed the way a redesign would change it,
    /// for the web canary to notice.
    /// </summary>
    public bool WebBioLabelRenamed { get; set; }
}

public sealed record SandboxPost(
    long Pk, string Code, string Username, string Caption, string? LocationName, IReadOnlyList<string> Usertags,
    string MediaSha256, long MediaBytes, string Via, DateTimeOffset CreatedAt, int MediaType = 2);

/// <summary>Any other recorded action: like, follow, avatar, bio, story_seen, feed_view, login, cookie_visit.</summary>
public sealed record SandboxAction(string Kind, string Username, string? Target, string? Detail, DateTimeOffset At);

public sealed record SandboxMail(string To, string From, string Subject, string Body, DateTimeOffset At, string ContentType = "text/plain");

/// <summary>A public profile the scraper can read (followers, posts, hashtags).</summary>
public sealed class SandboxProfile
{
    public required long Pk { get; init; }
    public required string Username { get; init; }
    public string FullName { get; set; } = "";
    public string Biography { get; set; } = "";
    public long FollowerCount { get; set; }
    public long FollowingCount { get; set; }
    public List<SandboxProfilePost> Posts { get; set; } = [];
}

public sealed record SandboxProfilePost(long Pk, string Code, string Caption, long LikeCount, long CommentCount, IReadOnlyList<string> Hashtags, DateTimeOffset TakenAt);
