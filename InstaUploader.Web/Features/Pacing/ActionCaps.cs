using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Pacing;

/// <summary>
/// An account's caps for one action right now, and why: the agency's (or its override), narrowed by the warm-up ramp
/// while the account is young and by its pace; an operator's per-account cap is taken as it is, without the ramp.
/// </summary>
public sealed record EffectiveCap(string Action, int PerHour, int PerDay, string Why);

public static class ActionCaps
{
    /// <summary>
    /// The caps of <paramref name="action"/> for an account <paramref name="age"/> old at <paramref name="pace"/>, given
    /// the overrides that apply to it (agency-wide, workspace, account rows of <see cref="ActionLimit"/>).
    /// </summary>
    public static EffectiveCap For(string action, TimeSpan age, double pace, PacingOptions options, IEnumerable<ActionLimit> overrides)
    {
        var rows = overrides.Where(o => o.Action == action).ToList();
        var agency = rows.FirstOrDefault(o => o is { AccountId: null, WorkspaceId: null });
        var workspace = rows.FirstOrDefault(o => o is { AccountId: null, WorkspaceId: not null });
        var account = rows.FirstOrDefault(o => o.AccountId is not null);
        var defaults = options.DefaultCap(action);
        var perHour = workspace?.PerHour ?? agency?.PerHour ?? defaults.PerHour;
        var perDay = workspace?.PerDay ?? agency?.PerDay ?? defaults.PerDay;
        var why = new List<string> { workspace is not null ? "workspace caps" : agency is not null ? "agency caps" : "default caps" };

        var ramp = RampShare(age, options);
        if (ramp < 1)
        {
            perHour = Scale(perHour, ramp);
            perDay = Scale(perDay, ramp);
            why.Add($"warm-up day {Math.Floor(age.TotalDays) + 1} of {options.RampDays}: {ramp:P0}");
        }

        if (account is not null)
        {
            perHour = account.PerHour ?? perHour;
            perDay = account.PerDay ?? perDay;
            why.Add("account's own caps");
        }

        if (pace < 1)
        {
            perHour = Scale(perHour, pace);
            perDay = Scale(perDay, pace);
            why.Add($"pace {pace:P0} after push-back");
        }

        return new EffectiveCap(action, perHour, perDay, string.Join(", ", why));
    }

    /// <summary>The share of the caps an account <paramref name="age"/> old gets: from RampStartShare on day one to 1 at RampDays.</summary>
    public static double RampShare(TimeSpan age, PacingOptions options)
    {
        if (options.RampDays == 0 || age.TotalDays >= options.RampDays)
        {
            return 1;
        }

        var progress = Math.Max(0, age.TotalDays) / options.RampDays;
        return options.RampStartShare + (1 - options.RampStartShare) * progress;
    }

    // A cap of 0 stays 0 (the action is off); any other keeps at least one action per window so work still moves.
    public static int Scale(int cap, double share) =>
        cap is 0 or int.MaxValue ? cap : Math.Max(1, (int)Math.Floor(cap * share));
}
