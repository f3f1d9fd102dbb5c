using System.ComponentModel.DataAnnotations;

namespace InstaUploader.Web.Features.Calendar;

/// <summary>The agency's posting defaults: the zone of accounts that have none of their own.</summary>
public sealed class CalendarOptions : IValidatableObject
{
    public const string Section = "Calendar";

    /// <summary>IANA zone id, e.g. Europe/Berlin.</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    public TimeZoneInfo Zone => TimeZones.Find(TimeZone) ?? TimeZoneInfo.Utc;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZones.IsKnown(TimeZone))
        {
            yield return new ValidationResult($"Calendar:TimeZone '{TimeZone}' is not an IANA time zone (e.g. Europe/Berlin).", [nameof(TimeZone)]);
        }
    }
}
