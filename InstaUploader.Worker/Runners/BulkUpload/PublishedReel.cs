using InstaUploader.Instagram.Web;

namespace InstaUploader.Worker.Runners.BulkUpload;

/// <summary>
/// Recognises a reel's post among the account's recent posts, for a video a lost answer may have left posted but
/// not counted. A post matches on its caption (whitespace aside) and on being taken no earlier than the item started,
/// less a little clock skew between us and Instagram.
/// </summary>
public static class PublishedReel
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public static WebPost? Find(PlannedReel reel, IEnumerable<WebPost> posts, DateTimeOffset since)
    {
        var matches = posts
            .Where(p => p.TakenAt >= since - ClockSkew && SameCaption(p.Caption, reel.Caption))
            .OrderByDescending(p => p.TakenAt)
            .ToList();

        // The earlier videos with this caption were posted before this one was tried: only one more post is this reel's.
        return matches.Count > reel.EarlierWithSameCaption ? matches[0] : null;
    }

    public static bool SameCaption(string? a, string? b) => Normalize(a) == Normalize(b);

    private static string Normalize(string? caption) =>
        string.Join(' ', (caption ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
