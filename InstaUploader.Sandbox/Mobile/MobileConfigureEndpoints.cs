using System.Text.Json;
using System.Text.Json.Nodes;
using InstaUploader.Sandbox.State;
using Microsoft.Extensions.Options;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// media/upload_finish/ and media/configure_to_clips/ (plus media/configure/ for feed photos and videos): turn a
/// completed rupload into a post. A Reel needs its cover: instagrapi mixins/clip.py:1253 uploads it (rupload_igphoto,
/// same upload_id) before every configure_to_clips; a photo post is rupload_igphoto then media/configure/
/// (mixins/photo.py:150-245, :484-560), with no transcode to wait for. Configuring the same upload_id again answers with the same media, as the real server does
/// (which is what makes the DropPublishAnswer fault, a post recorded and its answer lost, harmless to a retry).
/// </summary>
internal static class MobileConfigureEndpoints
{
    public static RouteGroupBuilder MapMobileConfigure(this RouteGroupBuilder authed)
    {
        authed.MapPost("/media/upload_finish/", FinishAsync).RequireSignedBody();
        authed.MapPost("/media/configure_to_clips/", (HttpContext http, SandboxStore store, MobileCatalog catalog, TimeProvider time, IOptions<SandboxOptions> options) =>
            ConfigureAsync(http, store, catalog, time, options.Value, "clips")).RequireSignedBody();
        authed.MapPost("/media/configure/", (HttpContext http, SandboxStore store, MobileCatalog catalog, TimeProvider time, IOptions<SandboxOptions> options) =>
            ConfigureAsync(http, store, catalog, time, options.Value, "feed")).RequireSignedBody();
        return authed;
    }

    private static async Task<IResult> FinishAsync(HttpContext http, SandboxStore store)
    {
        var account = MobileGuard.Account(http);
        var body = await MobileForm.ReadAsync(http.Request, http.RequestAborted);
        if (MobileUploadEndpoints.Find(store, account, body.Text("upload_id"), "video") is not { } upload)
        {
            return NeedsReupload();
        }

        lock (upload)
        {
            upload.Finished = true;
        }

        return Results.Json(new JsonObject { ["upload_id"] = upload.UploadId, ["status"] = "ok" });
    }

    private static async Task<IResult> ConfigureAsync(
        HttpContext http, SandboxStore store, MobileCatalog catalog, TimeProvider time, SandboxOptions options, string productType)
    {
        var account = MobileGuard.Account(http);
        var body = await MobileForm.ReadAsync(http.Request, http.RequestAborted);
        var uploadId = body.Text("upload_id");
        var cover = MobileUploadEndpoints.Find(store, account, uploadId, "photo");
        var video = MobileUploadEndpoints.Find(store, account, uploadId, "video");
        if ((productType == "clips" ? video : video ?? cover) is not { } upload)
        {
            return NeedsReupload();
        }

        if (productType == "clips" && cover is null)
        {
            // The app never configures a Reel without its cover; what Instagram answers then is not public.
            return MobileErrors.Fail(400, "Upload the cover photo before configuring the clip", "cover_photo_missing");
        }

        var mediaType = upload.Kind == "photo" ? 1 : 2;
        if (mediaType == 2 && upload.ConfiguredPostPk is null
            && (FaultGate.TakeTranscodePending(account) || upload.ReceivedAt + TimeSpan.FromSeconds(options.TranscodeSeconds) > time.GetUtcNow()))
        {
            // instagrapi mixins/clip.py clip_upload: "Response 202 status: {"message": "Transcode not finished yet.", "status": "fail"}".
            return Results.Json(new JsonObject { ["message"] = "Transcode not finished yet.", ["status"] = "fail" }, statusCode: StatusCodes.Status202Accepted);
        }

        var owner = catalog.FromAccount(account, includeEmail: false);
        var location = ParseLocation(body.Json("location"));
        SandboxPost post;
        lock (upload)
        {
            if (upload.ConfiguredPostPk is { } existingPk && store.Posts.FirstOrDefault(p => p.Pk == existingPk) is { } existing)
            {
                post = existing;
            }
            else
            {
                var pk = store.NextId();
                post = new SandboxPost(
                    pk, MediaCode.FromPk(pk), account.Username, body.Text("caption") ?? "", location?.Name,
                    ParseUsertags(body.Json("usertags"), catalog), upload.Sha256!, upload.ExpectedLength, "mobile", time.GetUtcNow(), mediaType);
                store.Posts.Enqueue(post);
                upload.ConfiguredPostPk = pk;
            }
        }

        if (FaultGate.TakeDropPublishAnswer(account))
        {
            await FaultGate.CutAnswerAsync(http, "{\"media\":", http.RequestAborted);
            return Results.Empty;
        }

        var media = catalog.FromPost(post, owner) with { ProductType = mediaType == 1 ? "feed" : productType, Location = location ?? catalog.FromPost(post, owner).Location };
        return Results.Json(new JsonObject
        {
            ["media"] = JsonSerializer.SerializeToNode(media),
            ["upload_id"] = upload.UploadId,
            ["status"] = "ok",
        });
    }

    private static MobileLocation? ParseLocation(JsonNode? node)
    {
        if (node is not JsonObject location || location.Text("name") is not { Length: > 0 } name)
        {
            return null;
        }

        return new MobileLocation(
            long.TryParse(location.Text("facebook_places_id"), out var pk) ? pk : 0, name, location.Text("address"),
            double.TryParse(location.Text("lat"), System.Globalization.CultureInfo.InvariantCulture, out var lat) ? lat : null,
            double.TryParse(location.Text("lng"), System.Globalization.CultureInfo.InvariantCulture, out var lng) ? lng : null,
            location.Text("external_source"), location.Text("facebook_places_id"));
    }

    /// <summary><c>{"in":[{"user_id":"123","position":[0.5,0.5]}]}</c> → tagged usernames (unknown ids kept as ids).</summary>
    private static List<string> ParseUsertags(JsonNode? node, MobileCatalog catalog)
    {
        var tags = new List<string>();
        if (node?["in"] is not JsonArray items)
        {
            return tags;
        }

        foreach (var item in items.OfType<JsonObject>())
        {
            if (item.Text("user_id") is { } id)
            {
                tags.Add(long.TryParse(id, out var pk) && catalog.UserByPk(pk) is { } user ? user.Username : id);
            }
        }

        return tags;
    }

    private static IResult NeedsReupload() => MobileErrors.Fail(400, "media_needs_reupload", "media_needs_reupload",
        new JsonObject { ["error_title"] = "staged_media_not_found" });
}
