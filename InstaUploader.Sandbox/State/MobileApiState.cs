using System.Collections.Concurrent;

namespace InstaUploader.Sandbox.State;

/// <summary>
/// What the private mobile API remembers between requests: issued sessions, pending two-factor and challenge
/// logins, devices that passed a checkpoint, and media uploads waiting to be configured.
/// </summary>
public sealed class MobileApiState
{
    /// <summary>Live sessions by the <c>sessionid</c> carried in the IGT authorization header.</summary>
    public ConcurrentDictionary<string, MobileSessionEntry> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Logins waiting for a TOTP code, by <c>two_factor_identifier</c>.</summary>
    public ConcurrentDictionary<string, MobilePendingLogin> TwoFactor { get; } = new(StringComparer.Ordinal);

    /// <summary>Logins stopped at a checkpoint, by challenge nonce.</summary>
    public ConcurrentDictionary<string, MobilePendingLogin> Challenges { get; } = new(StringComparer.Ordinal);

    /// <summary>"username|device_id" pairs that already passed the checkpoint, so they are not asked again.</summary>
    public ConcurrentDictionary<string, bool> VerifiedDevices { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Resumable uploads by entity (upload) name.</summary>
    public ConcurrentDictionary<string, SandboxUpload> Uploads { get; } = new(StringComparer.Ordinal);

    /// <summary>How each account's mobile requests arrived (direct or through a proxy), by username.</summary>
    public ConcurrentDictionary<string, MobileTrafficLog> Traffic { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The shape of every private-API request, oldest first (see MobileRequestRecorder).</summary>
    public ConcurrentQueue<MobileRequestRecord> Requests { get; } = new();

    private long _requestSequence;

    public long NextRequestSequence() => Interlocked.Increment(ref _requestSequence);

    public void Clear()
    {
        Requests.Clear();
        Traffic.Clear();
        Sessions.Clear();
        TwoFactor.Clear();
        Challenges.Clear();
        VerifiedDevices.Clear();
        Uploads.Clear();
    }
}

public sealed record MobileSessionEntry(string SessionId, long Pk, string Username, string DeviceId, DateTimeOffset CreatedAt);

public sealed record MobilePendingLogin(string Username, string DeviceId, DateTimeOffset CreatedAt, string? ChallengeContext = null);

/// <summary>What a private-API request looked like: names only, never values (bar the device id it is filed under).</summary>
public sealed record MobileRequestRecord(
    long Sequence, string Method, string Path, IReadOnlyList<string> QueryNames, string BodyKind, IReadOnlyList<string> BodyFields,
    IReadOnlyList<string> HeaderNames, string? AndroidId, string UserAgent);

/// <summary>Bytes received on /rupload_igvideo or /rupload_igphoto, then the configure that consumed them.</summary>
public sealed class SandboxUpload
{
    public required string Name { get; init; }
    public required string UploadId { get; init; }
    public required string Username { get; init; }

    /// <summary>"video" or "photo".</summary>
    public required string Kind { get; init; }

    public long ExpectedLength { get; set; }
    public MemoryStream Buffer { get; } = new();
    public string? Sha256 { get; set; }
    public bool Finished { get; set; }

    /// <summary>When the last byte arrived: Instagram's transcode starts then.</summary>
    public DateTimeOffset? ReceivedAt { get; set; }

    /// <summary>The post this upload became; a second configure with the same upload_id returns it again.</summary>
    public long? ConfiguredPostPk { get; set; }

    public bool Complete => Sha256 is not null;
}

/// <summary>Counts of one account's mobile requests and what the last one looked like.</summary>
public sealed class MobileTrafficLog
{
    private readonly Lock _gate = new();
    private MobileTrafficSnapshot _snapshot = new(0, 0, null, null, null, null);

    public MobileTrafficSnapshot Snapshot
    {
        get
        {
            lock (_gate)
            {
                return _snapshot;
            }
        }
    }

    public void Add(string? via, string? remoteAddress, string request, DateTimeOffset at)
    {
        lock (_gate)
        {
            _snapshot = new MobileTrafficSnapshot(
                _snapshot.Requests + 1, _snapshot.ProxiedRequests + (via is null ? 0 : 1), via, remoteAddress, request, at);
        }
    }
}

/// <param name="LastVia">The <c>Via</c> header of the last request; null when it came direct.</param>
public sealed record MobileTrafficSnapshot(
    int Requests, int ProxiedRequests, string? LastVia, string? LastRemoteAddress, string? LastRequest, DateTimeOffset? LastAt);
