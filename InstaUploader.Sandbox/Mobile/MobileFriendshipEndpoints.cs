using System.Text.Json;
using System.Text.Json.Nodes;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>friendships/create/{user_id}/, friendships/destroy/{user_id}/ and friendships/show/{user_id}/.</summary>
internal static class MobileFriendshipEndpoints
{
    public static RouteGroupBuilder MapMobileFriendships(this RouteGroupBuilder authed)
    {
        authed.MapGet("/friendships/show/{userId:long}/", (long userId, HttpContext http, MobileCatalog catalog) =>
            catalog.UserByPk(userId) is null ? InvalidTarget() : Relationship(MobileGuard.Account(http), userId));

        authed.MapPost("/friendships/create/{userId:long}/", (long userId, HttpContext http, SandboxStore store, MobileCatalog catalog, PushBackLimits limits, TimeProvider time) =>
        {
            var account = MobileGuard.Account(http);
            if (catalog.UserByPk(userId) is not { } target || target.Pk == account.Pk)
            {
                return InvalidTarget();
            }

            if (!limits.TakeFollow(account.Username))
            {
                return MobileErrors.FeedbackRequired();
            }

            bool previous;
            lock (account.Following)
            {
                previous = !account.Following.Add(userId);
            }

            if (!previous)
            {
                store.Actions.Enqueue(new SandboxAction("follow", account.Username, target.Username, userId.ToString(), time.GetUtcNow()));
            }

            return Status(account, userId, new JsonObject { ["previous_following"] = previous });
        }).RequireSignedBody();

        authed.MapPost("/friendships/destroy/{userId:long}/", (long userId, HttpContext http) =>
        {
            var account = MobileGuard.Account(http);
            lock (account.Following)
            {
                account.Following.Remove(userId);
            }

            return Status(account, userId, extra: null);
        });

        return authed;
    }

    /// <summary>
    /// friendships/show answers the relationship at the top level, not nested as create/destroy do: instagrapi
    /// mixins/user.py user_friendship_v1 builds <c>Relationship(user_id=..., **result)</c>, types.py Relationship.
    /// </summary>
    private static IResult Relationship(SandboxAccount account, long userId)
    {
        var body = JsonSerializer.SerializeToNode(FriendshipOf(account, userId))!.AsObject();
        body["status"] = "ok";
        return Results.Json(body);
    }

    private static MobileFriendshipStatus FriendshipOf(SandboxAccount account, long userId)
    {
        bool following;
        lock (account.Following)
        {
            following = account.Following.Contains(userId);
        }

        return new MobileFriendshipStatus(following, false, false, false, false, false, false, false, false);
    }

    private static IResult Status(SandboxAccount account, long userId, JsonObject? extra)
    {
        var body = new JsonObject { ["friendship_status"] = JsonSerializer.SerializeToNode(FriendshipOf(account, userId)) };
        foreach (var (key, value) in extra?.ToList() ?? [])
        {
            extra!.Remove(key);
            body[key] = value;
        }

        body["status"] = "ok";
        return Results.Json(body);
    }

    private static IResult InvalidTarget() => MobileErrors.Fail(400, "Invalid target user.", "invalid_target_user");
}
