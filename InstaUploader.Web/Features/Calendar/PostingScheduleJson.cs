using System.Globalization;
using System.Text.Json;

namespace InstaUploader.Web.Features.Calendar;

/// <summary>
/// A task's "schedule" option as the operator API takes it, with field-level errors:
/// {"start_at": "2026-12-04T09:00:00Z", "time_zone": "Europe/Berlin", "windows": [{"days": ["mon", "tue"], "from": "09:00",
/// "to": "21:00"}], "min_gap_minutes": 120, "spread_days": 3}. Every field is optional; no windows means any time.
/// </summary>
public static class PostingScheduleJson
{
    public const string Property = "schedule";
    private const string Field = "options.schedule";
    public const int MaxSpreadDays = 90;
    public const int MaxGapMinutes = 7 * 24 * 60;

    private static readonly Dictionary<string, DayOfWeek> DayNames = Enum.GetValues<DayOfWeek>()
        .ToDictionary(d => d.ToString()[..3].ToLowerInvariant(), d => d);

    public static string DayName(DayOfWeek day) => day.ToString()[..3].ToLowerInvariant();

    /// <summary>The schedule of a task's options, or null when it has none; problems go to <paramref name="errors"/>.</summary>
    public static PostingSchedule? Read(JsonElement options, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        if (options.ValueKind != JsonValueKind.Object || !options.TryGetProperty(Property, out var s) || s.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (s.ValueKind != JsonValueKind.Object)
        {
            errors[Field] = ["Must be an object: start_at, time_zone, windows, min_gap_minutes, spread_days."];
            return null;
        }

        var count = errors.Count;
        var start = now;
        if (s.TryGetProperty("start_at", out var startAt) && startAt.ValueKind != JsonValueKind.Null)
        {
            if (startAt.ValueKind == JsonValueKind.String && startAt.TryGetDateTimeOffset(out var parsed))
            {
                start = parsed.ToUniversalTime();
            }
            else
            {
                errors[$"{Field}.start_at"] = ["An ISO 8601 time with its offset, e.g. 2026-12-04T09:00:00+01:00."];
            }
        }

        string? zone = null;
        if (s.TryGetProperty("time_zone", out var tz) && tz.ValueKind != JsonValueKind.Null)
        {
            zone = tz.ValueKind == JsonValueKind.String ? tz.GetString() : null;
            if (!TimeZones.IsKnown(zone))
            {
                errors[$"{Field}.time_zone"] = ["An IANA time zone, e.g. Europe/Berlin."];
            }
        }

        var gap = Int(s, "min_gap_minutes", 0, MaxGapMinutes, errors) ?? 0;
        var spread = Int(s, "spread_days", 1, MaxSpreadDays, errors);
        var windows = Windows(s, errors);
        return errors.Count > count ? null : new PostingSchedule(start, windows, TimeSpan.FromMinutes(gap), spread, zone?.Trim());
    }

    private static List<PostingWindow> Windows(JsonElement s, Dictionary<string, string[]> errors)
    {
        var windows = new List<PostingWindow>();
        if (!s.TryGetProperty("windows", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return windows;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            errors[$"{Field}.windows"] = ["A list of {days, from, to}."];
            return windows;
        }

        var n = 0;
        foreach (var w in list.EnumerateArray())
        {
            var field = $"{Field}.windows[{n++}]";
            if (w.ValueKind != JsonValueKind.Object)
            {
                errors[field] = ["An object: days, from, to."];
                continue;
            }

            var days = new HashSet<DayOfWeek>();
            if (w.TryGetProperty("days", out var d) && d.ValueKind == JsonValueKind.Array)
            {
                foreach (var day in d.EnumerateArray())
                {
                    if (day.ValueKind == JsonValueKind.String && DayNames.TryGetValue(day.GetString()!.Trim().ToLowerInvariant(), out var dow))
                    {
                        days.Add(dow);
                    }
                    else
                    {
                        errors[$"{field}.days"] = [$"Days of the week: {string.Join(", ", DayNames.Keys)}."];
                    }
                }
            }
            else if (w.TryGetProperty("days", out var bad) && bad.ValueKind != JsonValueKind.Null)
            {
                errors[$"{field}.days"] = [$"A list of days of the week: {string.Join(", ", DayNames.Keys)}."];
            }
            else
            {
                days = [.. Enum.GetValues<DayOfWeek>()];
            }

            if (days.Count == 0 && !errors.ContainsKey($"{field}.days"))
            {
                errors[$"{field}.days"] = ["At least one day."];
            }

            var from = Clock(w, "from", field, errors, 0);
            var to = Clock(w, "to", field, errors, PostingWindow.MinutesPerDay);
            if (from is { } f && to is { } t && f == t)
            {
                errors[$"{field}.to"] = ["Must differ from \"from\" (a window that ends before it starts runs past midnight)."];
            }
            else if (from is { } f2 && to is { } t2)
            {
                windows.Add(new PostingWindow(days, f2, t2));
            }
        }

        return windows;
    }

    /// <summary>"HH:mm" as minutes after midnight; "24:00" is the end of the day.</summary>
    public static int? ParseClock(string? text)
    {
        if (text?.Trim() == "24:00")
        {
            return PostingWindow.MinutesPerDay;
        }

        return TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.Hour * 60 + t.Minute
            : null;
    }

    private static int? Clock(JsonElement w, string name, string field, Dictionary<string, string[]> errors, int fallback)
    {
        if (!w.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (v.ValueKind == JsonValueKind.String && ParseClock(v.GetString()) is { } minutes)
        {
            return minutes;
        }

        errors[$"{field}.{name}"] = ["A time of day HH:mm, from 00:00 to 24:00."];
        return null;
    }

    private static int? Int(JsonElement s, string name, int min, int max, Dictionary<string, string[]> errors)
    {
        if (!s.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= min && n <= max)
        {
            return n;
        }

        errors[$"{Field}.{name}"] = [$"A whole number from {min} to {max}."];
        return null;
    }
}
