using System.Text.Json;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>
/// A named plan of a task kind: the options the new-task form starts from and the one-click start from the account
/// list sends, so both run the same thing.
/// </summary>
public sealed record TaskPreset(string Kind, string Name, IReadOnlyDictionary<string, int> Options)
{
    public JsonElement OptionsJson => JsonSerializer.SerializeToElement(Options);

    /// <summary>What each account will do, e.g. "scroll the feed 10 times, like 2–8 posts, watch 1–5 stories".</summary>
    public string PerAccount => TaskOptionsText.Describe(Kind, OptionsJson.GetRawText());
}

public static class TaskPresets
{
    public static readonly TaskPreset StandardWarmup = new(TaskKinds.Warmup, "Standard warm-up", new Dictionary<string, int>
    {
        ["feed_scrolls"] = 10, ["likes_min"] = 2, ["likes_max"] = 8, ["stories_min"] = 1, ["stories_max"] = 5, ["follows_min"] = 0, ["follows_max"] = 0,
    });

    public static readonly TaskPreset Login = new(TaskKinds.BulkLogin, "Sign in", new Dictionary<string, int>());

    /// <summary>The plans the account list offers as a one-click start.</summary>
    public static readonly TaskPreset[] OneClick = [Login, StandardWarmup];

    public static TaskPreset? For(string? kind) => OneClick.FirstOrDefault(p => p.Kind == kind);

    /// <summary>An option's label, as the new-task form names its field.</summary>
    public static string Label(string option) => option switch
    {
        "feed_scrolls" => "Feed scrolls",
        "likes_min" => "Likes min",
        "likes_max" => "Likes max",
        "stories_min" => "Stories min",
        "stories_max" => "Stories max",
        "follows_min" => "Follows min",
        "follows_max" => "Follows max",
        _ => option.Replace('_', ' '),
    };

    public static int Option(this TaskPreset preset, string name) => preset.Options.GetValueOrDefault(name);
}
