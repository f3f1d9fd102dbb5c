using System.Text.RegularExpressions;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>Normalises and checks what operators send: usernames, hashtags.</summary>
public static partial class ScrapeInput
{
    public const int MaxUsernames = 100;

    /// <summary>"@Name", " name ", "https://www.instagram.com/name/" → "name"; null when not a valid Instagram username.</summary>
    public static string? NormalizeUsername(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        var name = raw.Trim();
        var url = InstagramUrl().Match(name);
        if (url.Success)
        {
            name = url.Groups["name"].Value;
        }

        name = name.TrimStart('@').TrimEnd('/').ToLowerInvariant();
        return UsernamePattern().IsMatch(name) ? name : null;
    }

    /// <summary>"#АлматыМама " → "алматымама"; null when empty or not a hashtag.</summary>
    public static string? NormalizeHashtag(string? raw)
    {
        var tag = raw?.Trim().TrimStart('#').ToLowerInvariant();
        return tag is { Length: > 0 and <= 100 } && tag.All(c => char.IsLetterOrDigit(c) || c == '_') ? tag : null;
    }

    [GeneratedRegex("^[a-z0-9._]{1,30}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex(@"^(?:https?://)?(?:www\.)?instagram\.com/(?<name>[^/?#]+)", RegexOptions.IgnoreCase)]
    private static partial Regex InstagramUrl();
}
