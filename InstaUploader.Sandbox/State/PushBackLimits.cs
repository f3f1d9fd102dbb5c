using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace InstaUploader.Sandbox.State;

/// <summary>
/// Instagram's own limits, as the Sandbox enforces them (section "Sandbox:Limits"; 0 turns a rule off): more follows
/// an hour than <see cref="SandboxLimits.FollowsPerWindow"/> from one account answer feedback_required, more requests a
/// minute than <see cref="SandboxLimits.RequestsPerIpPerWindow"/> from one IP answer 429 with Retry-After. Sliding
/// windows of configurable length (short ones in tests). Sources: docs/instagram-protocol.md, "Limits".
/// </summary>
public sealed class PushBackLimits(IOptions<SandboxOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _follows = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _requests = new(StringComparer.Ordinal);
    private int _refusedFollows;

    private SandboxLimits Limits => options.Value.Limits;

    /// <summary>Counts a request from <paramref name="ip"/>; the Retry-After seconds when it is over the IP's limit, else null.</summary>
    public int? TakeRequest(string ip)
    {
        var limits = Limits;
        return limits.RequestsPerIpPerWindow <= 0
            ? null
            : Take(_requests, ip, limits.RequestsPerIpPerWindow, TimeSpan.FromSeconds(limits.IpWindowSeconds)) is { } wait
                ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                : null;
    }

    /// <summary>Counts a follow by <paramref name="username"/>; false when it is over the account's limit (feedback_required).</summary>
    public bool TakeFollow(string username)
    {
        var limits = Limits;
        return limits.FollowsPerWindow <= 0
               || Take(_follows, username, limits.FollowsPerWindow, TimeSpan.FromSeconds(limits.FollowWindowSeconds)) is null;
    }

    /// <summary>Follows refused so far (what a test checks: no account was blocked).</summary>
    public int RefusedFollows => _refusedFollows;

    // Records the attempt when under the limit; otherwise answers how long until the oldest one leaves the window.
    private TimeSpan? Take(ConcurrentDictionary<string, Queue<DateTimeOffset>> windows, string key, int limit, TimeSpan window)
    {
        var now = time.GetUtcNow();
        var stamps = windows.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (stamps)
        {
            while (stamps.Count > 0 && stamps.Peek() <= now - window)
            {
                stamps.Dequeue();
            }

            if (stamps.Count >= limit)
            {
                if (ReferenceEquals(windows, _follows))
                {
                    Interlocked.Increment(ref _refusedFollows);
                }

                return stamps.Peek() + window - now;
            }

            stamps.Enqueue(now);
            return null;
        }
    }
}

/// <summary>The Sandbox's push-back rules (0 = off, the default, so other tests see no limits).</summary>
public sealed class SandboxLimits
{
    public int FollowsPerWindow { get; set; }
    public double FollowWindowSeconds { get; set; } = 3600;
    public int RequestsPerIpPerWindow { get; set; }
    public double IpWindowSeconds { get; set; } = 60;
}
