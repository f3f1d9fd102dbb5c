using System.Text.Json;

namespace InstaUploader.Web.Components.Shared;

/// <summary>A worker's last metrics (its JSON report) as words: "1 running · 240 completed · 3 failed".</summary>
public static class MetricsText
{
    private static readonly Dictionary<string, string> Names = new()
    {
        ["active"] = "running", ["completed"] = "completed", ["failed"] = "failed",
    };

    public static string Describe(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return "none reported yet";
        }

        try
        {
            var root = JsonDocument.Parse(json).RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return root.ToString();
            }

            var parts = root.EnumerateObject().Select(p => p.Value.ValueKind switch
            {
                JsonValueKind.Object => $"{Name(p.Name)}: {Describe(p.Value.GetRawText())}",
                JsonValueKind.String => $"{Name(p.Name)} {p.Value.GetString()}",
                _ => $"{p.Value} {Name(p.Name)}",
            }).ToList();
            return parts.Count == 0 ? "none reported yet" : string.Join(" · ", parts);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string Name(string key) => Names.GetValueOrDefault(key, key.Replace('_', ' '));
}
