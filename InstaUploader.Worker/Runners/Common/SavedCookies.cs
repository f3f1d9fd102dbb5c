using System.Text.Json;
using InstaUploader.Instagram.Web;

namespace InstaUploader.Worker.Runners.Common;

/// <summary>How browser cookies are stored on the account: a JSON array of <see cref="WebCookie"/>.</summary>
public static class SavedCookies
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string ToJson(IReadOnlyList<WebCookie> cookies) => JsonSerializer.Serialize(cookies, Json);

    public static IReadOnlyList<WebCookie> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<WebCookie>>(json, Json)?.Where(c => c.Name.Length > 0 && c.Domain.Length > 0).ToList() ?? [];
        }
        catch (JsonException)
        {
            // Cookies saved in another shape (e.g. by the old Python worker): start from a clean browser instead.
            return [];
        }
    }
}
