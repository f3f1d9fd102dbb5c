using System.Text.Json.Nodes;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// Calls the app (and instagrapi's pre/post-login flow) makes around login and upload that carry no state
/// here: launcher and experiment sync, prefill candidates, qe/expose. They answer "ok" so such clients proceed.
/// </summary>
internal static class MobileBootstrapEndpoints
{
    public static RouteGroupBuilder MapMobileBootstrap(this RouteGroupBuilder api)
    {
        api.MapPost("/launcher/sync/", () => Ok(new JsonObject { ["configs"] = new JsonObject() }));
        api.MapPost("/accounts/contact_point_prefill/", () => Ok(new JsonObject()));
        api.MapPost("/accounts/get_prefill_candidates/", () => Ok(new JsonObject { ["candidates"] = new JsonArray() }));
        api.MapPost("/qe/expose/", () => Ok(new JsonObject()));
        return api;
    }

    /// <summary>
    /// /api/v1/qe/sync/ hands out the password-encryption key in its headers. The app POSTs it before login;
    /// instagrapi's <c>password_publickeys</c> GETs it with a plain (non-app) session, so neither is refused here.
    /// </summary>
    public static RouteGroupBuilder MapMobileQeSync(this RouteGroupBuilder api)
    {
        api.MapMethods("/qe/sync/", [HttpMethods.Get, HttpMethods.Post], (HttpResponse response, MobilePasswordKeys keys) =>
        {
            keys.SetHeaders(response);
            return Ok(new JsonObject { ["experiments"] = new JsonArray() });
        });
        return api;
    }

    private static IResult Ok(JsonObject body)
    {
        body["status"] = "ok";
        return Results.Json(body);
    }
}
