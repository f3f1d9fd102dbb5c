namespace InstaUploader.Worker.Runners.Common;

/// <summary>
/// How a run talks to Instagram: "instagrapi" (the private mobile API) or "playwright" (instagram.com in a browser).
/// The task's options.upload_method (or options.method) chooses per run, else the worker's UPLOAD_METHOD.
/// </summary>
public enum UploadMethod
{
    Playwright,
    Instagrapi,
}

public static class UploadMethods
{
    public static UploadMethod? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "instagrapi" or "mobile" or "api" => UploadMethod.Instagrapi,
        "playwright" or "browser" or "web" => UploadMethod.Playwright,
        _ => null,
    };

    public static UploadMethod Choose(ClaimedWork work, string? fallback, UploadMethod otherwise) =>
        Parse(PayloadJson.StrSetting(work, "upload_method")) ?? Parse(PayloadJson.StrSetting(work, "method")) ?? Parse(fallback) ?? otherwise;

    /// <summary>Warmup, avatar, bio and follow: the task's choice, else the mobile API (the worker's UPLOAD_METHOD is for uploads).</summary>
    public static UploadMethod ForAccountWork(ClaimedWork work) => Choose(work, null, UploadMethod.Instagrapi);

    public static string Name(this UploadMethod method) => method == UploadMethod.Instagrapi ? "instagrapi" : "playwright";
}
