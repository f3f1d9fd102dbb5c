namespace InstaUploader.Web.Features.Pacing;

/// <summary>
/// AIMD pacing of one account or proxy: a push-back multiplies the pace by PaceCut and starts a cool-down that grows
/// with each push-back before the pace is whole again; a success adds PaceStep back (TCP's congestion control).
/// </summary>
public readonly record struct PaceState(double Pace, int Streak, DateTimeOffset? CoolingUntil)
{
    public static readonly PaceState Whole = new(1, 0, null);

    /// <summary>
    /// After a push-back at <paramref name="now"/>; <paramref name="severity"/> lengthens the cool-down (an action block
    /// rests longer). The first push-back of a streak rests as long as Instagram asked (<paramref name="retryAfter"/>)
    /// when it said; a repeat means that was not enough, and the cool-down grows from CoolDownSeconds.
    /// </summary>
    public PaceState PushedBack(DateTimeOffset now, PacingOptions options, double severity = 1, TimeSpan? retryAfter = null)
    {
        var streak = Streak + 1;
        var seconds = Math.Min(options.MaxCoolDownSeconds, streak == 1 && retryAfter is { } asked
            ? asked.TotalSeconds
            : options.CoolDownSeconds * Math.Pow(options.CoolDownGrowth, streak - 1) * severity);
        var until = now + TimeSpan.FromSeconds(seconds);
        return new PaceState(
            Math.Max(options.MinPace, Pace * options.PaceCut),
            streak,
            CoolingUntil is { } earlier && earlier > until ? earlier : until);
    }

    /// <summary>After a successful run: the pace grows back by PaceStep; once whole, the streak of push-backs is forgotten.</summary>
    public PaceState Succeeded(PacingOptions options)
    {
        var pace = Math.Min(1, Pace + options.PaceStep);
        return this with { Pace = pace, Streak = pace >= 1 ? 0 : Streak };
    }

    public bool IsCooling(DateTimeOffset now) => CoolingUntil > now;
}
