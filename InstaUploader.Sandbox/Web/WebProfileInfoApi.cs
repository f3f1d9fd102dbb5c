using System.Text.Json.Nodes;
using InstaUploader.Sandbox.Mobile;

namespace InstaUploader.Sandbox.Web;

/// <summary>
/// <c>GET www.instagram.com/api/v1/users/web_profile_info/?username=</c> as browsers call it: a browser user agent
/// with the web app's <c>X-IG-App-ID</c> (instagrapi mixins/user.py user_info_by_username_gql sends exactly that,
/// mixins/public.py PUBLIC_WEB_APP_ID). The app's own call to the same path is the mobile endpoint.
/// </summary>
internal static class WebProfileInfoApi
{
    public static IEndpointRouteBuilder MapWebProfileInfoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/users/web_profile_info/", (string? username, HttpContext http, MobileCatalog catalog) =>
        {
            if (http.Request.Headers["X-IG-App-ID"].ToString() != WebSession.WebAppId)
            {
                return Results.Json(new { message = "useragent mismatch", status = "fail" }, statusCode: StatusCodes.Status400BadRequest);
            }

            if (username is null || catalog.UserByName(username) is not { } user)
            {
                return Results.Json(new { message = "User not found", status = "fail" }, statusCode: StatusCodes.Status404NotFound);
            }

            return Results.Json(new JsonObject
            {
                ["data"] = new JsonObject { ["user"] = MobileUserEndpoints.WebProfile(user, catalog.MediaOf(user)) },
                ["status"] = "ok",
            });
        });

        return app;
    }
}
