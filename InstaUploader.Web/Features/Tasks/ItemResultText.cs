using System.Globalization;
using System.Text.Json;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>A link shown with an item's result, e.g. to a posted Reel.</summary>
public sealed record ResultLink(string Text, string Url);

/// <summary>An item's result in words, with links to what it made.</summary>
public sealed record ResultWords(string Text, IReadOnlyList<ResultLink> Links)
{
    public static readonly ResultWords None = new("", []);
}

/// <summary>
/// Says what an item's result (the worker's JSON) means: "posted 2 Reels" with links, "liked 4 posts, watched 3 stories".
/// Read by shape, not by task kind, so a result an older worker sent still reads.
/// </summary>
public static class ItemResultText
{
    public static string ReelUrl(string code) => $"https://www.instagram.com/reel/{Uri.EscapeDataString(code)}/";

    public static ResultWords Describe(string? resultJson)
    {
        if (string.IsNullOrWhiteSpace(resultJson))
        {
            return ResultWords.None;
        }

        JsonElement r;
        try
        {
            r = JsonDocument.Parse(resultJson).RootElement;
        }
        catch (JsonException)
        {
            return new ResultWords(resultJson, []);
        }

        if (r.ValueKind != JsonValueKind.Object)
        {
            return new ResultWords(r.ToString(), []);
        }

        var via = Text(r, "method") is { } m ? $" via {m}" : "";
        if (Int(r, "posted") is { } posted)
        {
            var codes = r.TryGetProperty("codes", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
                : [];
            return new ResultWords($"posted {Count(posted, "Reel")}{via}", [.. codes.Select(code => new ResultLink(code, ReelUrl(code)))]);
        }

        if (Int(r, "scrolls") is not null || (Int(r, "viewed") is not null && Int(r, "likes") is not null))
        {
            var parts = new List<string>();
            if (Int(r, "scrolls") is { } scrolls)
            {
                parts.Add($"scrolled the feed {Count(scrolls, "time")}");
            }

            parts.Add($"liked {Count(Int(r, "likes") ?? 0, "post")}");
            parts.Add($"watched {Count(Int(r, "viewed") ?? 0, "story", "stories")}");
            parts.Add($"followed {Count(Int(r, "follows") ?? 0, "account")}");
            return new ResultWords(string.Join(", ", parts) + via, []);
        }

        if (Int(r, "follows") is { } follows)
        {
            return new ResultWords($"followed {Count(follows, "account")}" + (Int(r, "wanted") is { } wanted ? $" of {wanted} wanted" : ""), []);
        }

        if (Int(r, "image_id") is { } image)
        {
            return new ResultWords($"set the profile picture (image #{image}){via}", []);
        }

        if (r.TryGetProperty("biography", out _) || r.TryGetProperty("external_url", out _))
        {
            var parts = new List<string>();
            if (r.TryGetProperty("biography", out var bio) && bio.ValueKind == JsonValueKind.True)
            {
                parts.Add("set the bio");
            }

            var url = Text(r, "external_url");
            if (url is not null)
            {
                parts.Add($"set the link {url}");
            }

            return new ResultWords((parts.Count == 0 ? "changed nothing" : string.Join(" and ", parts)) + via, []);
        }

        if (Int(r, "visited") is { } visited)
        {
            return new ResultWords($"visited {Count(visited, "site")}, {Int(r, "failed") ?? 0} failed, {Count(Int(r, "cookies") ?? 0, "cookie")} kept", []);
        }

        if (Int(r, "source_media_id") is { } source && Int(r, "media_id") is { } copy)
        {
            return new ResultWords($"made a unique copy of media #{source}: media #{copy}", []);
        }

        if (r.TryGetProperty("ok", out var ok) && ok.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return new ResultWords(ok.ValueKind == JsonValueKind.True
                ? $"proxy works: {Int(r, "latency_ms")?.ToString(CultureInfo.InvariantCulture) ?? "?"} ms" + (Text(r, "exit_ip") is { } ip ? $", exit IP {ip}" : "")
                : $"proxy does not work" + (Text(r, "error") is { } error ? $": {error}" : ""), []);
        }

        if (via.Length > 0 && r.EnumerateObject().Count() == 1)
        {
            return new ResultWords($"signed in{via}", []);
        }

        // A shape this page does not know: its fields in words rather than braces.
        return new ResultWords(string.Join(", ", r.EnumerateObject().Select(p => $"{p.Name.Replace('_', ' ')} {TaskOptionsText.Words(p.Value)}")), []);
    }

    private static int? Int(JsonElement r, string name) =>
        r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    private static string? Text(JsonElement r, string name) =>
        r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static string Count(int n, string one, string? many = null) => $"{n} {(n == 1 ? one : many ?? one + "s")}";
}
