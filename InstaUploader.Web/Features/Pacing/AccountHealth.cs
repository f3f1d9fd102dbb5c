namespace InstaUploader.Web.Features.Pacing;

/// <summary>
/// An account's health: healthy; resting on its own (cooling down, action blocked: both end at cooling_until); or
/// waiting for a person (challenged, logged out, disabled), when it is quarantined: no new work is claimed for it.
/// </summary>
public static class AccountHealth
{
    public const string Healthy = "healthy";
    public const string CoolingDown = "cooling_down";
    public const string ActionBlocked = "action_blocked";
    public const string Challenged = "challenged";
    public const string LoggedOut = "logged_out";
    public const string Disabled = "disabled";

    public static readonly string[] All = [Healthy, CoolingDown, ActionBlocked, Challenged, LoggedOut, Disabled];

    /// <summary>The states only a person can end (quarantine).</summary>
    public static readonly string[] NeedingPerson = [Challenged, LoggedOut, Disabled];

    public static bool NeedsPerson(string health) => NeedingPerson.Contains(health);

    public static bool IsResting(string health) => health is CoolingDown or ActionBlocked;

    /// <summary>The health as of <paramref name="now"/>: a rest whose time is over reads healthy.</summary>
    public static string Effective(string health, DateTimeOffset? coolingUntil, DateTimeOffset now) =>
        IsResting(health) && !(coolingUntil > now) ? Healthy : health;

    /// <summary><see cref="Effective"/> in SQL over an accounts row alias, at now().</summary>
    public static string EffectiveSql(string alias) =>
        $"(CASE WHEN {alias}.health IN ('{CoolingDown}', '{ActionBlocked}') AND ({alias}.cooling_until IS NULL OR {alias}.cooling_until <= now()) THEN '{Healthy}' ELSE {alias}.health END)";

    /// <summary>What a failed run's account_status says about the account's health, or null.</summary>
    public static string? FromAccountStatus(string? status) => status switch
    {
        AccountStatuses.Challenge => Challenged,
        AccountStatuses.LoginRequired => LoggedOut,
        AccountStatuses.Banned or AccountStatuses.Disabled => Disabled,
        _ => null,
    };

    public static string Label(string health) => health switch
    {
        Healthy => "Healthy",
        CoolingDown => "Cooling down",
        ActionBlocked => "Action blocked",
        Challenged => "Challenged",
        LoggedOut => "Logged out",
        Disabled => "Disabled",
        _ => health,
    };

    /// <summary>What an operator reads beside the state: until when it rests, or that a person is needed.</summary>
    public static string Explain(string health, DateTimeOffset? coolingUntil) => health switch
    {
        Healthy => "Work is claimed as the caps allow.",
        CoolingDown or ActionBlocked => $"No new work until {coolingUntil:yyyy-MM-dd HH:mm} UTC; then it resumes on its own.",
        _ => "Quarantined: no new work until a person fixes the account (a successful login task releases it).",
    };
}

/// <summary>The kinds of <see cref="Data.PacingEvent"/>.</summary>
public static class PacingEventKinds
{
    public const string Health = "health";
    public const string Pace = "pace";
    public const string Cap = "cap";
    public const string Proxy = "proxy";
    public const string Alert = "alert";
}
