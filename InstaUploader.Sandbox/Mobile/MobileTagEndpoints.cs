using System.Text.Json;
using System.Text.Json.Nodes;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>Hashtag reads: feed/tag/{tag}/ (flat items) and tags/{tag}/sections/ (the app's grid sections).</summary>
internal static class MobileTagEndpoints
{
    public static RouteGroupBuilder MapMobileTags(this RouteGroupBuilder authed)
    {
        authed.MapGet("/feed/tag/{tag}/", (string tag, int? count, string? max_id, MobileCatalog catalog) =>
            MobilePaging.Page(Ranked(catalog, tag), count, max_id, items => new JsonObject
            {
                ["items"] = new JsonArray([.. items.Select(m => JsonSerializer.SerializeToNode(m))]),
            }));

        authed.MapGet("/tags/{tag}/info/", (string tag, MobileCatalog catalog) => Results.Json(new JsonObject
        {
            ["id"] = 17_840_000_000_000_000 + Math.Abs(tag.ToUpperInvariant().Sum(c => (long)c)),
            ["name"] = tag.TrimStart('#'),
            ["media_count"] = catalog.MediaWithTag(tag).Count(),
            ["status"] = "ok",
        }));

        authed.MapPost("/tags/{tag}/sections/", async (string tag, HttpContext http, MobileCatalog catalog) =>
        {
            var body = await MobileForm.ReadAsync(http.Request, http.RequestAborted);
            var media = Ranked(catalog, tag);
            if (body.Text("tab") == "recent")
            {
                media = [.. media.OrderByDescending(m => m.TakenAt)];
            }

            return MobilePaging.Page(media, 27, body.Text("max_id"), items => new JsonObject
            {
                ["sections"] = new JsonArray([.. items.Chunk(3).Select(row => (JsonNode)new JsonObject
                {
                    ["layout_type"] = "media_grid",
                    ["feed_type"] = "media",
                    ["layout_content"] = new JsonObject
                    {
                        ["medias"] = new JsonArray([.. row.Select(m => (JsonNode)new JsonObject { ["media"] = JsonSerializer.SerializeToNode(m) })]),
                    },
                })]),
            });
        });

        return authed;
    }

    private static List<MobileMedia> Ranked(MobileCatalog catalog, string tag) =>
        [.. catalog.MediaWithTag(tag).DistinctBy(m => m.Pk).OrderByDescending(m => m.LikeCount).ThenByDescending(m => m.TakenAt)];
}
