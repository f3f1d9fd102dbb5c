namespace InstaUploader.Web.Components.Shared;

/// <summary>Display names of task kinds.</summary>
public static class TaskUi
{
    public static readonly (string Kind, string Label, string Description)[] Kinds =
    [
        (TaskKinds.BulkUpload, "Bulk upload", "Publish Reels to many accounts"),
        (TaskKinds.BulkLogin, "Bulk login", "Sign accounts in and save sessions"),
        (TaskKinds.Warmup, "Warmup", "Scroll, like and watch stories like a person"),
        (TaskKinds.Avatar, "Avatar", "Set profile pictures"),
        (TaskKinds.Bio, "Bio link", "Set the bio and external link"),
        (TaskKinds.Follow, "Follow", "Follow targets of a category"),
        (TaskKinds.ProxyDiag, "Proxy diagnostics", "Check latency and exit IPs"),
        (TaskKinds.MediaUniq, "Media uniquifier", "Make unique copies of videos"),
        (TaskKinds.CookieRobot, "Cookie robot", "Browse ordinary sites in each account's browser to build a cookie history"),
    ];

    public static string KindLabel(string kind) =>
        Kinds.FirstOrDefault(k => k.Kind == kind).Label ?? kind.Replace('_', ' ');

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        < 1024L * 1024 * 1024 => $"{bytes / 1024.0 / 1024:0.#} MB",
        _ => $"{bytes / 1024.0 / 1024 / 1024:0.##} GB",
    };

    public static string Duration(double? seconds) =>
        seconds is { } s ? TimeSpan.FromSeconds(s).ToString(s >= 3600 ? @"h\:mm\:ss" : @"m\:ss") : "—";
}
