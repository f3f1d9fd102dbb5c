using System.Text.Json;

namespace InstaUploader.Worker.Runners.Common;

/// <summary>Lenient reads of the claimed item's JSON: a missing or mistyped field is "not given", never an exception.</summary>
public static class PayloadJson
{
    public static JsonElement Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    public static string? Str(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
        && v.GetString() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s)
            ? s.Trim()
            : null;

    public static int? Int(JsonElement parent, string name)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt32(out var i) => i,
            JsonValueKind.String when int.TryParse(v.GetString(), out var i) => i,
            _ => null,
        };
    }

    public static DateTimeOffset? Date(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
        && v.TryGetDateTimeOffset(out var at)
            ? at
            : null;

    public static IReadOnlyList<JsonElement> Array(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? [.. v.EnumerateArray()]
            : [];

    public static IReadOnlyList<string> Strings(JsonElement parent, string name) =>
        [.. Array(parent, name).Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!.Trim()).Where(s => s.Length > 0)];

    public static IReadOnlyList<int> Ints(JsonElement parent, string name) =>
        [.. Array(parent, name).Where(e => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out _)).Select(e => e.GetInt32())];

    /// <summary>A field of the payload itself, else of the task's options (payload.options).</summary>
    public static int? IntSetting(ClaimedWork work, string name) => Int(work.Payload, name) ?? Int(Object(work.Payload, "options"), name);

    public static string? StrSetting(ClaimedWork work, string name) => Str(work.Payload, name) ?? Str(Object(work.Payload, "options"), name);
}
