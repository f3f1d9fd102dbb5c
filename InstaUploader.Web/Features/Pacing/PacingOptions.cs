using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Pacing;

/// <summary>
/// Caps, warm-up ramp, AIMD pacing and the health alert (section "Pacing"). The defaults are safe ones an agency can
/// loosen: below what public reports of Instagram's limits give for established accounts.
/// </summary>
public sealed class PacingOptions : IValidatableObject
{
    public const string Section = "Pacing";

    /// <summary>Caps of an established account per action (PacingActions), agency-wide unless overridden in the database.</summary>
    public Dictionary<string, ActionCap> Caps { get; set; } = new(StringComparer.Ordinal)
    {
        [PacingActions.Post] = new(2, 6),
        [PacingActions.Follow] = new(30, 150),
        [PacingActions.Like] = new(60, 300),
        [PacingActions.StoryView] = new(200, 1000),
        [PacingActions.ProfileEdit] = new(2, 4),
        [PacingActions.Login] = new(3, 10),
    };

    /// <summary>Accounts younger than this many days run on a warm-up ramp.</summary>
    [Range(0, 365)]
    public int RampDays { get; set; } = 14;

    /// <summary>The share of the caps a brand-new account gets; it grows linearly to the whole caps at <see cref="RampDays"/>.</summary>
    [Range(0.01, 1)]
    public double RampStartShare { get; set; } = 0.2;

    /// <summary>The length of the "hour" window (shorter only in tests).</summary>
    [Range(1, 86400)]
    public double HourSeconds { get; set; } = 3600;

    /// <summary>The length of the "day" window (shorter only in tests).</summary>
    [Range(1, 7 * 86400)]
    public double DaySeconds { get; set; } = 86400;

    /// <summary>AIMD: a push-back multiplies the pace by this.</summary>
    [Range(0.05, 0.95)]
    public double PaceCut { get; set; } = 0.5;

    /// <summary>AIMD: a successful run adds this to the pace, up to 1.</summary>
    [Range(0.01, 1)]
    public double PaceStep { get; set; } = 0.1;

    [Range(0.01, 1)]
    public double MinPace { get; set; } = 0.1;

    /// <summary>The first cool-down; each push-back before the pace is whole again doubles it (by <see cref="CoolDownGrowth"/>).</summary>
    [Range(0.1, 86400)]
    public double CoolDownSeconds { get; set; } = 900;

    [Range(1, 10)]
    public double CoolDownGrowth { get; set; } = 2;

    [Range(1, 30 * 86400)]
    public double MaxCoolDownSeconds { get; set; } = 2 * 86400;

    /// <summary>An action block rests the account this many times longer than a 429.</summary>
    [Range(1, 100)]
    public double ActionBlockFactor { get; set; } = 8;

    /// <summary>This many accounts of one proxy pushed back within <see cref="ProxyWindowSeconds"/> slow the proxy too.</summary>
    [Range(2, 1000)]
    public int ProxyPushBackAccounts { get; set; } = 2;

    [Range(1, 86400)]
    public double ProxyWindowSeconds { get; set; } = 600;

    /// <summary>Alert when more than this share of the accounts left healthy within the last hour.</summary>
    [Range(0.01, 1)]
    public double AlertShare { get; set; } = 0.2;

    /// <summary>Where the alert is POSTed as JSON; the banner on the dashboard shows it either way.</summary>
    public Uri? AlertWebhookUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (action, cap) in Caps)
        {
            if (!PacingActions.All.Contains(action))
            {
                yield return new ValidationResult($"Unknown action '{action}'. Allowed: {string.Join(", ", PacingActions.All)}.", [nameof(Caps)]);
            }
            else if (cap.PerHour < 0 || cap.PerDay < 0)
            {
                yield return new ValidationResult($"Caps of '{action}' must not be negative.", [nameof(Caps)]);
            }
        }

        if (AlertWebhookUrl is { } url && url.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("Must be an http(s) URL.", [nameof(AlertWebhookUrl)]);
        }
    }

    public ActionCap DefaultCap(string action) => Caps.TryGetValue(action, out var cap) ? cap : new ActionCap(int.MaxValue, int.MaxValue);
    public TimeSpan Hour => TimeSpan.FromSeconds(HourSeconds);
    public TimeSpan Day => TimeSpan.FromSeconds(DaySeconds);
}

/// <summary>How many of one action an account may do per hour and per day.</summary>
public sealed record ActionCap(int PerHour, int PerDay);
