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
            catalog.UserByPk(userId) is null ? InvalidTarget() : Status(MobileGuard.Account(http), userId, extra: null));

        authed.MapPost("/friendships/create/{userId:long}/", (long userId, HttpContext http, SandboxStore store, MobileCatalog catalog, TimeProvider time) =>
        {
            var account = MobileGuard.Account(http);
            if (catalog.UserByPk(userId) is not { } target || target.Pk == account.Pk)
            {
                return InvalidTarget();
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
        });

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

    private static IResult Status(SandboxAccount account, long userId, JsonObject? extra)
    {
        bool following;
        lock (account.Following)
        {
            following = account.Following.Contains(userId);
        }

        var status = new MobileFriendshipStatus(following, false, false, false, false, false, false, false, false);
        var body = new JsonObject { ["friendship_status"] = JsonSerializer.SerializeToNode(status) };
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
