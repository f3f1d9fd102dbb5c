using System.Text.Json;
using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>Kind-specific option rules. Returns field errors keyed like "options.follow_min".</summary>
public static class TaskOptionsValidator
{
    public static readonly string[] UploadMethods = ["playwright", "instagrapi"];

    /// <summary>Kinds that run either through the mobile API or in the browser, chosen by options.upload_method (alias options.method).</summary>
    public static readonly string[] MethodKinds =
        [TaskKinds.BulkUpload, TaskKinds.BulkLogin, TaskKinds.Warmup, TaskKinds.Avatar, TaskKinds.Bio, TaskKinds.Follow];

    public static void Validate(string kind, JsonElement options, Dictionary<string, string[]> errors)
    {
        if (MethodKinds.Contains(kind))
        {
            foreach (var key in (string[])["upload_method", "method"])
            {
                if (Str(options, key) is { } method && !UploadMethods.Contains(method))
                {
                    errors[$"options.{key}"] = [$"Must be one of: {string.Join(", ", UploadMethods)}."];
                }
            }
        }

        switch (kind)
        {
            case TaskKinds.Warmup:
                Range(options, "feed_scrolls", 0, 100, errors);
                MinMax(options, "likes_min", "likes_max", 0, 500, errors);
                MinMax(options, "stories_min", "stories_max", 0, 500, errors);
                MinMax(options, "follows_min", "follows_max", 0, 200, errors);
                break;
            case TaskKinds.Bio:
                var url = Str(options, "external_url");
                var bio = Str(options, "biography");
                if (url is null && bio is null)
                {
                    errors["options.external_url"] = ["Give external_url (or biography)."];
                }
                else if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
                {
                    errors["options.external_url"] = ["Must be an absolute http(s) URL."];
                }

                if (bio is { Length: > 150 })
                {
                    errors["options.biography"] = ["At most 150 characters (Instagram's limit)."];
                }

                break;
            case TaskKinds.Follow:
                if (Int(options, "category_id") is null)
                {
                    errors["options.category_id"] = ["Required: the follow category whose targets to follow."];
                }

                MinMax(options, "follow_min", "follow_max", 0, 200, errors, required: true);
                break;
            case TaskKinds.MediaUniq:
                Range(options, "copies", 1, 100, errors);
                break;
            case TaskKinds.Avatar:
                if (!options.TryGetProperty("image_ids", out var images) || images.ValueKind != JsonValueKind.Array || images.GetArrayLength() == 0)
                {
                    errors["options.image_ids"] = ["Give at least one image id from the media library."];
                }

                break;
            case TaskKinds.CookieRobot:
                if (!options.TryGetProperty("urls", out var urls) || urls.ValueKind != JsonValueKind.Array || urls.GetArrayLength() == 0)
                {
                    errors["options.urls"] = ["Give at least one URL to visit."];
                }
                else if (urls.EnumerateArray().Where(u => !IsWebUrl(u)).Select(u => u.ToString()).ToList() is { Count: > 0 } bad)
                {
                    errors["options.urls"] = [$"Not an absolute http(s) URL: {string.Join(", ", bad.Take(5))}{(bad.Count > 5 ? ", …" : "")}."];
                }

                break;
        }
    }

    private static bool IsWebUrl(JsonElement u) =>
        u.ValueKind == JsonValueKind.String && Uri.TryCreate(u.GetString(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    public static string? Str(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    public static int? Int(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static void Range(JsonElement o, string name, int min, int max, Dictionary<string, string[]> errors)
    {
        if (o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && (Int(o, name) is not { } n || n < min || n > max))
        {
            errors[$"options.{name}"] = [$"Must be a whole number from {min} to {max}{(v.ValueKind == JsonValueKind.Null ? "" : "")}."];
        }
    }

    private static void MinMax(JsonElement o, string minName, string maxName, int floor, int ceiling, Dictionary<string, string[]> errors, bool required = false)
    {
        var min = Int(o, minName);
        var max = Int(o, maxName);
        if (required && (min is null || max is null))
        {
            errors[$"options.{(min is null ? minName : maxName)}"] = [$"Required, a whole number from {floor} to {ceiling}."];
            return;
        }

        Range(o, minName, floor, ceiling, errors);
        Range(o, maxName, floor, ceiling, errors);
        if (min is { } a && max is { } b && a > b)
        {
            errors[$"options.{minName}"] = [$"{minName} must not exceed {maxName}."];
        }
    }
}
