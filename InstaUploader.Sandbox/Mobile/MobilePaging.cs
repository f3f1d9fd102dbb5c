using System.Text.Json.Nodes;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>max_id paging as the feeds do it: an opaque cursor (here the next index) and more_available.</summary>
internal static class MobilePaging
{
    public static IResult Page(IReadOnlyList<MobileMedia> all, int? count, string? maxId, Func<IEnumerable<MobileMedia>, JsonObject> shape)
    {
        var size = count is > 0 and <= 50 ? count.Value : 12;
        var start = int.TryParse(maxId, out var parsed) && parsed > 0 ? parsed : 0;
        var page = all.Skip(start).Take(size).ToList();
        var next = start + page.Count;
        var more = next < all.Count;

        var body = shape(page);
        body["num_results"] = page.Count;
        body["more_available"] = more;
        body["next_max_id"] = more ? next.ToString() : null;
        body["status"] = "ok";
        return Results.Json(body);
    }
}
