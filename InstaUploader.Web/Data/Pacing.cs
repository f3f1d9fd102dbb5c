namespace InstaUploader.Web.Data;

/// <summary>
/// What an account actually did (append-only): <see cref="Count"/> actions of one kind (a PacingActions value) that an
/// item reported, recorded when the item finished. Usage against the caps is summed from these rows and nothing else.
/// </summary>
public sealed class ActionEvent
{
    public long Id { get; set; }
    public int AccountId { get; set; }
    public int? ProxyId { get; set; }
    public long? ItemId { get; set; }
    public required string Action { get; set; }
    public int Count { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}

/// <summary>
/// One automatic pacing or health decision with its reason (append-only): a pace cut or restored, a cool-down, a cap
/// reached, a health change, an alert. The account page's timeline and the proxy's history read these.
/// </summary>
public sealed class PacingEvent
{
    public long Id { get; set; }
    public int? AccountId { get; set; }
    public int? ProxyId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>A PacingEventKinds value.</summary>
    public required string Kind { get; set; }

    /// <summary>The account's health after the decision (an AccountHealth value), null for proxy and alert events.</summary>
    public string? Health { get; set; }
    public string? PreviousHealth { get; set; }
    public double Pace { get; set; }
    public DateTimeOffset? CoolingUntil { get; set; }
    public required string Reason { get; set; }
}

/// <summary>
/// An operator's cap for one action (a PacingActions value): agency-wide when both <see cref="WorkspaceId"/> and
/// <see cref="AccountId"/> are null, per workspace, or per account. Null caps keep the level below.
/// </summary>
public sealed class ActionLimit
{
    public int Id { get; set; }
    public int? WorkspaceId { get; set; }
    public int? AccountId { get; set; }
    public required string Action { get; set; }
    public int? PerHour { get; set; }
    public int? PerDay { get; set; }
}

/// <summary>An account's action held back until <see cref="Until"/> because its cap for the window is used up.</summary>
public sealed class AccountPause
{
    public int AccountId { get; set; }
    public required string Action { get; set; }
    public DateTimeOffset Until { get; set; }
    public required string Reason { get; set; }
}
