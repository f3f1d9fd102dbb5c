using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using InstaUploader.Web.Features.Errors;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace InstaUploader.Web.Features.Scraper;

internal static class ScraperJson
{
    public static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value);
}

/// <summary>
/// A JSON request body read by hand, so malformed JSON or a wrong field type becomes a 422 naming the field
/// (FastAPI's convention, as the original scraper API answers) instead of the framework's bare 400.
/// </summary>
public sealed record JsonBody<T>(T? Value, Dictionary<string, string[]> Errors) where T : class
{
    [SuppressMessage("Design", "CA1000", Justification = "Minimal APIs bind parameters through a static BindAsync on their type.")]
    public static async ValueTask<JsonBody<T>> BindAsync(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, options, context.RequestAborted);
            return value is null
                ? new JsonBody<T>(null, new() { ["body"] = ["A JSON object is required."] })
                : new JsonBody<T>(value, []);
        }
        catch (JsonInputException e)
        {
            return new JsonBody<T>(null, e.ErrorsAt(e.Path).ToDictionary());
        }
        catch (JsonException e)
        {
            var field = FieldOf(e.Path);
            return new JsonBody<T>(null, new()
            {
                [field] = [field == "body" ? "The body is not valid JSON." : $"'{field}' has the wrong type or is malformed."],
            });
        }
    }

    /// <summary>"$.usernames[3]" → "usernames"; "$" or nothing → "body".</summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$" || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return "body";
        }

        var name = path[2..];
        var end = name.IndexOfAny(['.', '[']);
        return end < 0 ? name : name[..end];
    }
}
