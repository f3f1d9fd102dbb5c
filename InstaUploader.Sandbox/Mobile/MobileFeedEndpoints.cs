using System.Text.Json;
using System.Text.Json.Nodes;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>Warm-up traffic: feed/timeline/, media/{id}/like/, feed/reels_tray/ and media/seen/ (stories).</summary>
internal static class MobileFeedEndpoints
{
    public static RouteGroupBuilder MapMobileFeed(this RouteGroupBuilder authed)
    {
        authed.MapPost("/feed/timeline/", Timeline);
        authed.MapGet("/feed/timeline/", Timeline);

        authed.MapPost("/media/{mediaId}/like/", (string mediaId, HttpContext http, SandboxStore store, MobileCatalog catalog, TimeProvider time) =>
        {
            var account = MobileGuard.Account(http);
            if (catalog.MediaById(mediaId) is not { } media)
            {
                return MobileErrors.MediaUnavailable();
            }

            store.Actions.Enqueue(new SandboxAction("like", account.Username, media.Id, media.User.Username, time.GetUtcNow()));
            return Results.Json(new JsonObject { ["status"] = "ok" });
        }).RequireSignedBody();

        authed.MapPost("/feed/reels_tray/", ReelsTray);
        authed.MapGet("/feed/reels_tray/", ReelsTray);
        return authed;
    }

    /// <summary>media/seen/ lives under /api/v2 in the app (instagrapi posts to /api/v2/media/seen/?reel=1).</summary>
    public static RouteGroupBuilder MapMobileStorySeen(this RouteGroupBuilder authed)
    {
        authed.MapPost("/media/seen/", async (HttpContext http, SandboxStore store, TimeProvider time) =>
        {
            var account = MobileGuard.Account(http);
            var body = await MobileForm.ReadAsync(http.Request, http.RequestAborted);
            var reels = body.Json("reels") as JsonObject ?? [];
            foreach (var (key, _) in reels)
            {
                // Keys are "<story_pk>_<owner_pk>_<owner_pk>".
                store.Actions.Enqueue(new SandboxAction("story_seen", account.Username, key, null, time.GetUtcNow()));
            }

            return Results.Json(new JsonObject { ["status"] = "ok" });
        });
        return authed;
    }

    private static IResult Timeline(HttpContext http, SandboxStore store, MobileCatalog catalog, TimeProvider time)
    {
        var account = MobileGuard.Account(http);
        var items = catalog.AllMedia()
            .Where(m => m.User.Pk != account.Pk)
            .OrderByDescending(m => account.Following.Contains(m.User.Pk))
            .ThenByDescending(m => m.TakenAt)
            .Take(20)
            .Select(m => new JsonObject { ["media_or_ad"] = JsonSerializer.SerializeToNode(m) })
            .ToArray<JsonNode?>();
        store.Actions.Enqueue(new SandboxAction("feed_view", account.Username, "timeline", items.Length.ToString(), time.GetUtcNow()));
        return Results.Json(new JsonObject
        {
            ["num_results"] = items.Length,
            ["more_available"] = false,
            ["auto_load_more_enabled"] = true,
            ["feed_items"] = new JsonArray(items),
            ["next_max_id"] = null,
            ["status"] = "ok",
        });
    }

    /// <summary>One synthetic story per followed user (or per known user when following nobody).</summary>
    private static IResult ReelsTray(HttpContext http, SandboxStore store, MobileCatalog catalog, TimeProvider time)
    {
        var account = MobileGuard.Account(http);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var owners = account.Following.Select(catalog.UserByPk).OfType<MobileUser>().ToList();
        if (owners.Count == 0)
        {
            owners = [.. store.Profiles.Keys.Concat(store.Accounts.Keys).Select(catalog.UserByName).OfType<MobileUser>()
                .Where(u => u.Pk != account.Pk).DistinctBy(u => u.Pk).Take(10)];
        }

        var tray = owners.Select(owner =>
        {
            var user = MobileCatalog.Short(owner);
            var storyPk = 3_000_000_000_000 + owner.Pk;
            var item = new MobileStoryItem(storyPk, $"{storyPk}_{owner.Pk}", now - 3600, 1, user);
            return JsonSerializer.SerializeToNode(new MobileReel(owner.Pk, now - 3600, 0, user, [item]));
        }).ToArray();

        return Results.Json(new JsonObject
        {
            ["tray"] = new JsonArray(tray),
            ["story_ranking_token"] = MobileSessions.RandomToken(16),
            ["has_new_nux_story"] = false,
            ["status"] = "ok",
        });
    }
}
