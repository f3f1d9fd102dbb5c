using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace InstaUploader.Instagram.Web.Selectors;

/// <summary>
/// The texts and locators the automation looks for on instagram.com, for one locale, read from the embedded
/// <c>Web/Selectors/{locale}.json</c>. Role and label texts come first; CSS fallbacks only where the site has
/// changed its markup before. <see cref="Version"/> says which revision of the pages the file was checked against.
/// </summary>
public sealed record WebSelectors(
    string Version, string Locale, LoginTexts Login, ProfileTexts Profile, FeedTexts Feed,
    EditProfileTexts EditProfile, UploadTexts Upload, GraphQlNames GraphQl)
{
    /// <summary>Every browser we drive is put in this locale, so this is the file the automation uses.</summary>
    public const string EnglishLocale = "en-US";

    private static readonly ConcurrentDictionary<string, WebSelectors> Loaded = new(StringComparer.OrdinalIgnoreCase);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebSelectors English => For(EnglishLocale);

    /// <summary>The selectors of <paramref name="locale"/>; throws when no file ships for it or it is incomplete.</summary>
    public static WebSelectors For(string locale) => Loaded.GetOrAdd(locale, Load);

    private static WebSelectors Load(string locale)
    {
        var name = $"InstaUploader.Instagram.Web.Selectors.{locale}.json";
        using var stream = typeof(WebSelectors).Assembly.GetManifestResourceStream(name)
            ?? throw new ArgumentException($"No web selectors ship for locale '{locale}'.", nameof(locale));
        var selectors = JsonSerializer.Deserialize<WebSelectors>(stream, Json)
            ?? throw new InvalidDataException($"{name} is empty.");
        return selectors.Validated(name);
    }

    private WebSelectors Validated(string name)
    {
        // Deserialization leaves missing members null even where the types say otherwise.
        object?[] sections = [Version, Locale, Login, Profile, Feed, EditProfile, Upload, GraphQl];
        if (sections.Any(s => s is null) || Login.UsernameLabels is not { Count: > 0 } || Login.PasswordLabels is not { Count: > 0 }
            || Login.SubmitNames is not { Count: > 0 })
        {
            throw new InvalidDataException($"{name} lacks a section or the login labels.");
        }

        return this;
    }

    /// <summary>Matches any of <paramref name="texts"/> as a whole, ignoring case (Playwright accepts no other regex flag).</summary>
    public static Regex AnyOf(IEnumerable<string> texts) =>
        new($"^\\s*(?:{string.Join('|', texts.Select(Regex.Escape))})\\s*$", RegexOptions.IgnoreCase);
}

public sealed record LoginTexts(
    IReadOnlyList<string> UsernameLabels, IReadOnlyList<string> PasswordLabels,
    IReadOnlyList<string> UsernameFallbacks, IReadOnlyList<string> PasswordFallbacks, IReadOnlyList<string> SubmitNames);

public sealed record ProfileTexts(string Follow, string Following, string NotFound);

public sealed record FeedTexts(string Like, string Unlike);

public sealed record EditProfileTexts(string Bio, string Submit, string Saved);

public sealed record UploadTexts(string LocationPlaceholder);

/// <summary>The <c>fb_api_req_friendly_name</c>s of the persisted GraphQL mutations the pages send.</summary>
public sealed record GraphQlNames(string Path, string Like, string Follow);
