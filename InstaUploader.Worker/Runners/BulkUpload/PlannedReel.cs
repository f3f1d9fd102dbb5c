using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.BulkUpload;

/// <summary>One video of a bulk upload as it is posted on one account: its caption, location and upload_id.</summary>
public sealed record PlannedReel(int Number, int MediaId, string Caption, string? Location, string UploadId)
{
    /// <summary>
    /// How many videos before this one in the task carry the same caption (often none; every one when the videos
    /// have no titles). Their posts look alike on the account, so finding this reel's post means finding one more.
    /// </summary>
    public int EarlierWithSameCaption { get; init; }
}

/// <summary>Turns a bulk_upload item's payload into the reels to post, in the task's order.</summary>
public static class ReelPlan
{
    public static IReadOnlyList<PlannedReel> From(ClaimedWork work)
    {
        var defaultLocation = PayloadJson.StrSetting(work, "default_location");
        var defaultMentions = Mentions(work.Payload, "default_mentions") ?? Mentions(PayloadJson.Object(work.Payload, "options"), "default_mentions");
        IReadOnlyList<PlannedReel> reels = [.. PayloadJson.Array(work.Payload, "videos")
            .Where(v => PayloadJson.Int(v, "id") is not null)
            .OrderBy(v => PayloadJson.Int(v, "order") ?? 0)
            .Select((v, i) => new PlannedReel(
                i + 1,
                PayloadJson.Int(v, "id")!.Value,
                Caption(PayloadJson.Str(v, "title"), Mentions(v, "mentions") ?? defaultMentions),
                PayloadJson.Str(v, "location") ?? defaultLocation,
                UploadIdFor(work.Id, PayloadJson.Int(v, "task_video_id") ?? i, PayloadJson.Int(v, "id")!.Value)))];
        return [.. reels.Select((r, i) => r with { EarlierWithSameCaption = reels.Take(i).Count(e => PublishedReel.SameCaption(e.Caption, r.Caption)) })];
    }

    public static string Caption(string? title, string? mentions) => string.Join(' ', new[] { title, mentions }.Where(s => !string.IsNullOrWhiteSpace(s)));

    /// <summary>Mentions as given (a string like "@a @b" or an array of names), each name with its "@".</summary>
    private static string? Mentions(System.Text.Json.JsonElement parent, string name)
    {
        var names = PayloadJson.Strings(parent, name);
        if (names.Count == 0 && PayloadJson.Str(parent, name) is { } text)
        {
            names = text.Split([' ', ',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return names.Count == 0 ? null : string.Join(' ', names.Select(n => n.StartsWith('@') ? n : "@" + n));
    }

    /// <summary>
    /// The same upload_id for the same video of the same item on every attempt: Instagram (and the Sandbox) answer a
    /// repeated configure of an upload_id with the media already published, so a re-run cannot post it twice.
    /// Shaped like the app's (a 13-digit millisecond clock).
    /// </summary>
    public static string UploadIdFor(string itemId, int taskVideoId, int mediaId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"instauploader:{itemId}:{taskVideoId}:{mediaId}"));
        var value = BinaryPrimitives.ReadUInt64BigEndian(hash) % 900_000_000_000UL;
        return (1_600_000_000_000UL + value).ToString(CultureInfo.InvariantCulture);
    }
}
