namespace InstaUploader.Instagram.Mobile;

/// <summary>A place to tag; <see cref="ExternalId"/> is the Facebook Places id when known.</summary>
public sealed record MobileLocation(
    string Name, string? Address = null, double? Lat = null, double? Lng = null, string? ExternalId = null, string ExternalSource = "facebook_places");

/// <summary>A user tagged on the media at a relative position (0..1).</summary>
public sealed record MobileUsertag(long UserPk, double X = 0.5, double Y = 0.5);

/// <summary>A Reel to publish. Without a thumbnail a frame is extracted with ffmpeg (or a plain cover is sent).</summary>
public sealed record ClipUpload(string VideoPath, string Caption)
{
    public string? ThumbnailPath { get; init; }
    public MobileLocation? Location { get; init; }
    public IReadOnlyList<MobileUsertag> Usertags { get; init; } = [];

    /// <summary>
    /// The upload_id to use instead of a fresh one. A caller that derives it deterministically gets Instagram's
    /// configure idempotency across re-runs: the same upload_id configured again answers with the existing media.
    /// </summary>
    public string? UploadId { get; init; }
}

public sealed record MobileMedia(
    long Pk, string Id, string Code, string Caption, string? LocationName, long OwnerPk, string OwnerUsername,
    DateTimeOffset TakenAt, long LikeCount, long CommentCount, string ProductType);

public sealed record MobileProfile(
    long Pk, string Username, string FullName, string Biography, string? ExternalUrl,
    long FollowerCount, long FollowingCount, long MediaCount, bool IsPrivate);

/// <summary>The logged-in account as <c>accounts/current_user</c> shows it.</summary>
public sealed record MobileAccount(
    long Pk, string Username, string FullName, string Biography, string? ExternalUrl, string? Email, string ProfilePicUrl);

public sealed record MobileStoryItem(long Pk, string Id, long OwnerPk, DateTimeOffset TakenAt);

public sealed record MobileStoryReel(long UserPk, string Username, IReadOnlyList<MobileStoryItem> Items);

/// <summary>What the video is, as told to Instagram in the upload parameters.</summary>
public sealed record VideoInfo(int Width, int Height, long DurationMs);
