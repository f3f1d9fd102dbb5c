using System.Text.Json;
using System.Text.Json.Nodes;
using InstaUploader.Sandbox.Mobile;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Web;

/// <summary>
/// <c>GET /api/v1/feed/user/{username}/username/?count=12</c>: a user's latest posts, newest first, as the web app
/// reads them for a profile grid. Like instagram.com it wants the session cookie and the web app's
/// <c>X-IG-App-ID</c> (a read needs no CSRF token). Posts come from the same catalog as the mobile feeds.
/// </summary>
internal static class WebUserFeedApi
{
    private const int DefaultCount = 12;
    private const int MaxCount = 50;

    public static IEndpointRouteBuilder MapWebUserFeedApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/feed/user/{username}/username/", (string username, int? count, HttpContext http, SandboxStore store, WebFeed feed) =>
        {
            if (WebSession.CurrentUser(http, store) is null)
            {
                return Results.Json(new { message = "login_required", status = "fail" }, statusCode: StatusCodes.Status401Unauthorized);
            }

            if (http.Request.Headers["X-IG-App-ID"].ToString() != WebSession.WebAppId)
            {
                return Results.Json(new { message = "useragent mismatch", status = "fail" }, statusCode: StatusCodes.Status400BadRequest);
            }

            if (feed.User(username) is not { } user)
            {
                return Results.Json(new { message = "User not found", status = "fail" }, statusCode: StatusCodes.Status404NotFound);
            }

            var media = feed.MediaOf(user);
            var page = media.Take(Math.Clamp(count ?? DefaultCount, 1, MaxCount)).ToList();
            return Results.Json(new JsonObject
            {
                ["items"] = new JsonArray([.. page.Select(Item)]),
                ["num_results"] = page.Count,
                ["more_available"] = media.Count > page.Count,
                ["user"] = JsonSerializer.SerializeToNode(MobileCatalog.Short(user)),
                ["status"] = "ok",
            });
        });

        return app;
    }

    /// <summary>The media as the mobile feeds serialize it, except that a post without a caption has <c>caption: null</c>.</summary>
    private static JsonNode? Item(MobileMedia media) =>
        JsonSerializer.SerializeToNode(media.Caption is { Text.Length: > 0 } ? media : media with { Caption = null });
}
