using System.Text.Json.Serialization;

namespace InstaUploader.Sandbox.Mobile;

// Response shapes of Instagram's private API (i.instagram.com/api/v1), trimmed to the fields clients read.

public sealed record MobileUser(
    [property: JsonPropertyName("pk")] long Pk,
    [property: JsonPropertyName("pk_id")] string PkId,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("full_name")] string FullName,
    [property: JsonPropertyName("is_private")] bool IsPrivate,
    [property: JsonPropertyName("is_verified")] bool IsVerified,
    [property: JsonPropertyName("profile_pic_url")] string ProfilePicUrl,
    [property: JsonPropertyName("biography")] string Biography,
    [property: JsonPropertyName("external_url")] string ExternalUrl,
    [property: JsonPropertyName("follower_count")] long FollowerCount,
    [property: JsonPropertyName("following_count")] long FollowingCount,
    [property: JsonPropertyName("media_count")] long MediaCount,
    [property: JsonPropertyName("email")] string? Email)
{
    // instagrapi types.py User and Account: is_business is required; account_type 1 is a personal account.
    [JsonPropertyName("is_business")]
    public bool IsBusiness => false;

    [JsonPropertyName("account_type")]
    public int AccountType => 1;
}

public sealed record MobileUserShort(
    [property: JsonPropertyName("pk")] long Pk,
    [property: JsonPropertyName("pk_id")] string PkId,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("full_name")] string FullName,
    [property: JsonPropertyName("is_private")] bool IsPrivate,
    [property: JsonPropertyName("profile_pic_url")] string ProfilePicUrl);

public sealed record MobileCaption(
    [property: JsonPropertyName("pk")] string Pk,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("user_id")] long UserId,
    [property: JsonPropertyName("created_at")] long CreatedAt);

public sealed record MobileLocation(
    [property: JsonPropertyName("pk")] long Pk,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("lat")] double? Lat,
    [property: JsonPropertyName("lng")] double? Lng,
    [property: JsonPropertyName("external_source")] string? ExternalSource,
    [property: JsonPropertyName("facebook_places_id")] string? FacebookPlacesId);

public sealed record MobileUsertag(
    [property: JsonPropertyName("user")] MobileUserShort User,
    [property: JsonPropertyName("position")] double[] Position);

public sealed record MobileUsertags([property: JsonPropertyName("in")] IReadOnlyList<MobileUsertag> In);

public sealed record MobileMedia(
    [property: JsonPropertyName("pk")] long Pk,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("taken_at")] long TakenAt,
    [property: JsonPropertyName("media_type")] int MediaType,
    [property: JsonPropertyName("product_type")] string ProductType,
    [property: JsonPropertyName("user")] MobileUserShort User,
    [property: JsonPropertyName("caption")] MobileCaption? Caption,
    [property: JsonPropertyName("location")] MobileLocation? Location,
    [property: JsonPropertyName("usertags")] MobileUsertags? Usertags,
    [property: JsonPropertyName("like_count")] long LikeCount,
    [property: JsonPropertyName("comment_count")] long CommentCount,
    [property: JsonPropertyName("has_liked")] bool HasLiked);

public sealed record MobileFriendshipStatus(
    [property: JsonPropertyName("following")] bool Following,
    [property: JsonPropertyName("followed_by")] bool FollowedBy,
    [property: JsonPropertyName("blocking")] bool Blocking,
    [property: JsonPropertyName("muting")] bool Muting,
    [property: JsonPropertyName("is_private")] bool IsPrivate,
    [property: JsonPropertyName("incoming_request")] bool IncomingRequest,
    [property: JsonPropertyName("outgoing_request")] bool OutgoingRequest,
    [property: JsonPropertyName("is_bestie")] bool IsBestie,
    [property: JsonPropertyName("is_restricted")] bool IsRestricted,
    [property: JsonPropertyName("is_blocking_reel")] bool IsBlockingReel = false,
    [property: JsonPropertyName("is_muting_reel")] bool IsMutingReel = false);

public sealed record MobileStoryItem(
    [property: JsonPropertyName("pk")] long Pk,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("taken_at")] long TakenAt,
    [property: JsonPropertyName("media_type")] int MediaType,
    [property: JsonPropertyName("user")] MobileUserShort User);

public sealed record MobileReel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("latest_reel_media")] long LatestReelMedia,
    [property: JsonPropertyName("seen")] long Seen,
    [property: JsonPropertyName("user")] MobileUserShort User,
    [property: JsonPropertyName("items")] IReadOnlyList<MobileStoryItem> Items);
