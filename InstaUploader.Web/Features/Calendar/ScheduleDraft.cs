using System.Text.Json.Nodes;

namespace InstaUploader.Web.Features.Calendar;

/// <summary>The task form's schedule section as the operator fills it in, turned into the "schedule" option.</summary>
public sealed class ScheduleDraft
{
    public bool Enabled { get; set; }
    public DateTime? StartLocal { get; set; }
    public string TimeZone { get; set; } = "";
    public HashSet<DayOfWeek> Days { get; } = [.. Enum.GetValues<DayOfWeek>()];
    public string From { get; set; } = "09:00";
    public string To { get; set; } = "21:00";
    public int? MinGapMinutes { get; set; } = 120;
    public int? SpreadDays { get; set; }

    /// <summary>The option; the start is read in the draft's zone, else in <paramref name="agencyZone"/>.</summary>
    public JsonObject ToJson(TimeZoneInfo agencyZone)
    {
        var zone = TimeZones.Find(TimeZone) ?? agencyZone;
        var schedule = new JsonObject
        {
            ["windows"] = new JsonArray(new JsonObject
            {
                ["days"] = new JsonArray([.. Enum.GetValues<DayOfWeek>().Where(Days.Contains).Select(d => (JsonNode)PostingScheduleJson.DayName(d))]),
                ["from"] = From,
                ["to"] = To,
            }),
        };
        if (StartLocal is { } start)
        {
            schedule["start_at"] = PostingPlanner.ToInstant(start, zone).ToString("O");
        }

        if (!string.IsNullOrWhiteSpace(TimeZone))
        {
            schedule["time_zone"] = TimeZone.Trim();
        }

        if (MinGapMinutes is { } gap)
        {
            schedule["min_gap_minutes"] = gap;
        }

        if (SpreadDays is { } spread)
        {
            schedule["spread_days"] = spread;
        }

        return schedule;
    }
}
