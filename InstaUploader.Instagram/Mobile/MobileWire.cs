using System.Text.Json;
using System.Text.Json.Serialization;

namespace InstaUploader.Instagram.Mobile;

// What the private API sends back, reduced to what the client reads. Ids arrive as numbers or strings.

internal sealed record WireUser(
    [property: JsonPropertyName("pk")] long Pk,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("full_name")] string? FullName,
    [property: JsonPropertyName("biography")] string? Biography,
    [property: JsonPropertyName("external_url")] string? ExternalUrl,
    [property: JsonPropertyName("follower_count")] long FollowerCount,
    [property: JsonPropertyName("following_count")] long FollowingCount,
    [property: JsonPropertyName("media_count")] long MediaCount,
    [property: JsonPropertyName("is_private")] bool IsPrivate,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("profile_pic_url")] string? ProfilePicUrl);

internal sealed record WireCaption([property: JsonPropertyName("text")] string? Text);

internal sealed record WireLocation([property: JsonPropertyName("name")] string? Name);

internal sealed record WireMedia(
    [property: JsonPropertyName("pk")] long Pk,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("taken_at")] long TakenAt,
    [property: JsonPropertyName("product_type")] string? ProductType,
    [property: JsonPropertyName("user")] WireUser? User,
    [property: JsonPropertyName("caption")] WireCaption? Caption,
    [property: JsonPropertyName("location")] WireLocation? Location,
    [property: JsonPropertyName("like_count")] long LikeCount,
    [property: JsonPropertyName("comment_count")] long CommentCount)
{
    public MobileMedia ToModel() => new(
        Pk, Id ?? $"{Pk}_{User?.Pk}", Code ?? "", Caption?.Text ?? "", Location?.Name, User?.Pk ?? 0, User?.Username ?? "",
        DateTimeOffset.FromUnixTimeSeconds(TakenAt), LikeCount, CommentCount, ProductType ?? "");
}

internal sealed record WireStoryItem(
    [property: JsonPropertyName("pk")] long Pk,
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("taken_at")] long TakenAt,
    [property: JsonPropertyName("user")] WireUser? User);

internal sealed record WireReel(
    [property: JsonPropertyName("id")] JsonElement Id,
    [property: JsonPropertyName("user")] WireUser? User,
    [property: JsonPropertyName("items")] IReadOnlyList<WireStoryItem>? Items);

internal static class MobileJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        PropertyNameCaseInsensitive = false,
    };

    public static T Read<T>(System.Text.Json.Nodes.JsonNode? node, string what) =>
        node.Deserialize<T>(Options) ?? throw new InstagramApiException($"Instagram answered without {what}.");

    public static MobileProfile ToProfile(this WireUser user) => new(
        user.Pk, user.Username, user.FullName ?? "", user.Biography ?? "", NullIfEmpty(user.ExternalUrl),
        user.FollowerCount, user.FollowingCount, user.MediaCount, user.IsPrivate);

    public static MobileAccount ToAccount(this WireUser user) => new(
        user.Pk, user.Username, user.FullName ?? "", user.Biography ?? "", NullIfEmpty(user.ExternalUrl), user.Email, user.ProfilePicUrl ?? "");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
