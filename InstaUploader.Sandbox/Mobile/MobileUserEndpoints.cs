using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>Scraper reads: usernameinfo, users/{pk}/info, web_profile_info and feed/user/{pk}/.</summary>
internal static class MobileUserEndpoints
{
    public static RouteGroupBuilder MapMobileUsers(this RouteGroupBuilder authed)
    {
        authed.MapGet("/users/{username}/usernameinfo/", (string username, MobileCatalog catalog) =>
            catalog.UserByName(username) is { } user ? UserResult(user) : MobileErrors.UserNotFound());

        authed.MapGet("/users/{userId:long}/info/", (long userId, MobileCatalog catalog) =>
            catalog.UserByPk(userId) is { } user ? UserResult(user) : MobileErrors.UserNotFound());

        authed.MapGet("/users/web_profile_info/", (string? username, MobileCatalog catalog) =>
            username is not null && catalog.UserByName(username) is { } user
                ? Results.Json(new JsonObject { ["data"] = new JsonObject { ["user"] = WebProfile(user, catalog.MediaOf(user)) }, ["status"] = "ok" })
                : MobileErrors.UserNotFound());

        authed.MapGet("/feed/user/{userId:long}/", (long userId, int? count, string? max_id, MobileCatalog catalog) =>
        {
            if (catalog.UserByPk(userId) is not { } user)
            {
                return MobileErrors.UserNotFound();
            }

            return MobilePaging.Page(catalog.MediaOf(user), count, max_id, items => new JsonObject
            {
                ["items"] = new JsonArray([.. items.Select(m => JsonSerializer.SerializeToNode(m))]),
            });
        });

        return authed;
    }

    private static IResult UserResult(MobileUser user) =>
        Results.Json(new JsonObject { ["user"] = JsonSerializer.SerializeToNode(user), ["status"] = "ok" });

    /// <summary>
    /// The GraphQL-flavoured user the web profile endpoint returns (edge_* counters, timeline edges); instagrapi
    /// extractors.py extract_user_gql reads is_business_account, business_email and business_phone_number.
    /// </summary>
    public static JsonObject WebProfile(MobileUser user, IReadOnlyList<MobileMedia> media) => new()
    {
        ["id"] = user.PkId,
        ["username"] = user.Username,
        ["full_name"] = user.FullName,
        ["biography"] = user.Biography,
        ["external_url"] = user.ExternalUrl,
        ["is_private"] = user.IsPrivate,
        ["is_verified"] = user.IsVerified,
        ["is_business_account"] = user.IsBusiness,
        ["business_email"] = null,
        ["business_phone_number"] = null,
        ["profile_pic_url"] = user.ProfilePicUrl,
        ["edge_followed_by"] = new JsonObject { ["count"] = user.FollowerCount },
        ["edge_follow"] = new JsonObject { ["count"] = user.FollowingCount },
        ["edge_owner_to_timeline_media"] = new JsonObject
        {
            ["count"] = media.Count,
            ["page_info"] = new JsonObject { ["has_next_page"] = media.Count > 12, ["end_cursor"] = null },
            ["edges"] = new JsonArray([.. media.Take(12).Select(m => (JsonNode)new JsonObject
            {
                ["node"] = new JsonObject
                {
                    ["id"] = m.Pk.ToString(),
                    ["shortcode"] = m.Code,
                    ["taken_at_timestamp"] = m.TakenAt,
                    ["is_video"] = m.MediaType == 2,
                    ["edge_media_to_caption"] = new JsonObject
                    {
                        ["edges"] = new JsonArray(new JsonObject { ["node"] = new JsonObject { ["text"] = m.Caption?.Text ?? "" } }),
                    },
                    ["edge_liked_by"] = new JsonObject { ["count"] = m.LikeCount },
                    ["edge_media_to_comment"] = new JsonObject { ["count"] = m.CommentCount },
                },
            })]),
        },
    };
}
