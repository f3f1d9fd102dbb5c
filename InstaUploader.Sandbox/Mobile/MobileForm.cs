using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// Reads a private-API POST body. The app sends <c>signed_body=SIGNATURE.&lt;url-encoded JSON&gt;</c>, plain form
/// fields, or (feed/timeline) raw JSON under a form content type; all three end up as one JSON object.
/// </summary>
internal static class MobileForm
{
    private const string SignaturePrefix = "SIGNATURE.";

    public static async Task<JsonObject> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync(ct);
        return Parse(raw);
    }

    public static JsonObject Parse(string raw)
    {
        raw = raw.Trim();
        if (raw.Length == 0)
        {
            return [];
        }

        if (raw.StartsWith('{'))
        {
            return TryParseObject(raw) ?? [];
        }

        var fields = QueryHelpers.ParseQuery(raw);
        if (fields.TryGetValue("signed_body", out var signed))
        {
            var payload = signed.ToString();
            var json = payload.StartsWith(SignaturePrefix, StringComparison.Ordinal) ? payload[SignaturePrefix.Length..] : payload;
            return TryParseObject(json) ?? [];
        }

        var result = new JsonObject();
        foreach (var (key, value) in fields)
        {
            result[key] = value.ToString();
        }

        return result;
    }

    /// <summary>A field as text whatever JSON type it came as (the app mixes strings, numbers and nested JSON).</summary>
    public static string? Text(this JsonObject body, string key) => body[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        var node => node.ToJsonString(),
    };

    /// <summary>A field that is itself JSON, either nested or sent as a JSON string (e.g. <c>location</c>, <c>usertags</c>).</summary>
    public static JsonNode? Json(this JsonObject body, string key) => body[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => TryParse(v.GetValue<string>()),
        var node => node,
    };

    private static JsonObject? TryParseObject(string json) => TryParse(json) as JsonObject;

    private static JsonNode? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
