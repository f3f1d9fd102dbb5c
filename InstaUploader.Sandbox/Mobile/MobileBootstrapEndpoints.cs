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
        api.MapPost("/qe/sync/", () => Ok(new JsonObject { ["experiments"] = new JsonArray() }));
        api.MapPost("/accounts/contact_point_prefill/", () => Ok(new JsonObject()));
        api.MapPost("/accounts/get_prefill_candidates/", () => Ok(new JsonObject { ["candidates"] = new JsonArray() }));
        api.MapPost("/qe/expose/", () => Ok(new JsonObject()));
        return api;
    }

    private static IResult Ok(JsonObject body)
    {
        body["status"] = "ok";
        return Results.Json(body);
    }
}
