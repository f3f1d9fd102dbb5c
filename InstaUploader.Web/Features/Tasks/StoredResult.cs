using System.Text.Json;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>An item's stored result (the JSON object a worker reported), read field by field; anything malformed or missing reads as null.</summary>
public readonly record struct StoredResult(JsonElement? Root)
{
    public static StoredResult Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return default;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            return new(doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    public bool? Bool(string name) =>
        Field(name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : null;

    public int? Int(string name) =>
        Field(name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out var n) ? n : null;

    public string? Str(string name) =>
        Field(name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private JsonElement? Field(string name) => Root is { } e && e.TryGetProperty(name, out var v) ? v : null;
}
