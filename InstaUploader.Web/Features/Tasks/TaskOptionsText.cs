using System.Text.Json;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>A task's options (jsonb) in words for its page and the start confirmation, never as braces.</summary>
public static class TaskOptionsText
{
    public static string Describe(string kind, string? optionsJson)
    {
        JsonElement o;
        try
        {
            o = JsonDocument.Parse(string.IsNullOrWhiteSpace(optionsJson) ? "{}" : optionsJson).RootElement;
        }
        catch (JsonException)
        {
            return optionsJson ?? "";
        }

        if (o.ValueKind != JsonValueKind.Object)
        {
            return o.ToString();
        }

        var parts = new List<string>();
        if (kind == TaskKinds.Warmup)
        {
            parts.Add($"scroll the feed {Int(o, "feed_scrolls") ?? 3} times");
            parts.Add($"like {Range(o, "likes")} posts");
            parts.Add($"watch {Range(o, "stories")} stories");
            if (Range(o, "follows") != "0")
            {
                parts.Add($"follow {Range(o, "follows")} accounts");
            }
        }
        else if (kind == TaskKinds.BulkLogin)
        {
            parts.Add("sign in and save the session");
        }

        var shown = new HashSet<string> { "feed_scrolls", "likes_min", "likes_max", "stories_min", "stories_max", "follows_min", "follows_max" };
        foreach (var p in o.EnumerateObject().Where(p => kind != TaskKinds.Warmup || !shown.Contains(p.Name)))
        {
            parts.Add($"{p.Name.Replace('_', ' ')}: {Words(p.Value)}");
        }

        return parts.Count == 0 ? "default settings" : string.Join(", ", parts);
    }

    private static string Range(JsonElement o, string name)
    {
        var (min, max) = (Int(o, name + "_min") ?? 0, Int(o, name + "_max") ?? Int(o, name + "_min") ?? 0);
        return min == max ? $"{min}" : $"{min}–{max}";
    }

    private static int? Int(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    /// <summary>A JSON value in words: arrays as lists, objects as "name value" pairs, booleans as yes/no.</summary>
    public static string Words(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Array => v.GetArrayLength() == 0 ? "none" : string.Join(", ", v.EnumerateArray().Select(Words)),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Null => "—",
        JsonValueKind.String => v.GetString() ?? "",
        JsonValueKind.Object => string.Join(", ", v.EnumerateObject().Select(p => $"{p.Name.Replace('_', ' ')} {Words(p.Value)}")),
        _ => v.ToString(),
    };
}
