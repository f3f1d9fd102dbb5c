using System.Text.Json;
using System.Text.Json.Nodes;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>The logged-in account: current_user, edit_profile, set_biography, update_bio_links, change_profile_picture.</summary>
internal static class MobileAccountEndpoints
{
    public static RouteGroupBuilder MapMobileAccount(this RouteGroupBuilder authed)
    {
        authed.MapGet("/accounts/current_user/", (HttpContext http, MobileCatalog catalog) =>
            UserResult(catalog.FromAccount(MobileGuard.Account(http), includeEmail: true)));

        authed.MapPost("/accounts/edit_profile/", async (HttpContext http, SandboxStore store, MobileCatalog catalog, TimeProvider time) =>
        {
            var account = MobileGuard.Account(http);
            var body = await MobileForm.ReadAsync(http.Request, http.RequestAborted);
            // instagrapi mixins/account.py account_edit always sends both, because Instagram refuses an edit that
            // leaves the account without a contact point (its comment quotes the answer).
            if (string.IsNullOrEmpty(body.Text("email")) && string.IsNullOrEmpty(body.Text("phone_number")))
            {
                return MobileErrors.Fail(400, "You need an email or confirmed phone number.", "email_or_phone_required");
            }

            if (body.Text("first_name") is { } fullName)
            {
                account.FullName = fullName;
            }

            if (body.Text("biography") is { } biography && biography != account.Biography)
            {
                account.Biography = biography;
                store.Actions.Enqueue(new SandboxAction("bio", account.Username, null, biography, time.GetUtcNow()));
            }

            if (body.Text("external_url") is { } url && url != (account.ExternalUrl ?? ""))
            {
                account.ExternalUrl = url.Length == 0 ? null : url;
                store.Actions.Enqueue(new SandboxAction("bio", account.Username, "external_url", url, time.GetUtcNow()));
            }

            if (body.Text("email") is { Length: > 0 } email)
            {
                account.Email = email;
            }

            return UserResult(catalog.FromAccount(account, includeEmail: true));
        }).RequireSignedBody();

        authed.MapPost("/accounts/set_biography/", async (HttpContext http, SandboxStore store, TimeProvider time) =>
        {
            var account = MobileGuard.Account(http);
            var body = await MobileForm.ReadAsync(http.Request, http.RequestAborted);
            account.Biography = body.Text("raw_text") ?? "";
            store.Actions.Enqueue(new SandboxAction("bio", account.Username, null, account.Biography, time.GetUtcNow()));
            return Results.Json(new JsonObject { ["status"] = "ok" });
        }).RequireSignedBody();

        authed.MapPost("/accounts/update_bio_links/", async (HttpContext http, SandboxStore store, MobileCatalog catalog, TimeProvider time) =>
        {
            var account = MobileGuard.Account(http);
            var body = await MobileForm.ReadAsync(http.Request, http.RequestAborted);
            var url = (body.Json("updated_links") as JsonArray)?.OfType<JsonObject>().Select(l => l.Text("url")).FirstOrDefault(u => !string.IsNullOrEmpty(u));
            if (url is null)
            {
                return MobileErrors.Fail(400, "Please enter a valid link.", "invalid_bio_link");
            }

            account.ExternalUrl = url;
            store.Actions.Enqueue(new SandboxAction("bio", account.Username, "external_url", url, time.GetUtcNow()));
            return UserResult(catalog.FromAccount(account, includeEmail: true));
        }).RequireSignedBody();

        authed.MapPost("/accounts/change_profile_picture/", async (HttpContext http, SandboxStore store, MobileCatalog catalog, TimeProvider time) =>
        {
            var account = MobileGuard.Account(http);
            var body = await MobileForm.ReadAsync(http.Request, http.RequestAborted);
            if (MobileUploadEndpoints.Find(store, account, body.Text("upload_id"), "photo") is not { } upload)
            {
                return MobileErrors.Fail(400, "Uploaded image isn't in an allowed aspect ratio or the upload was not found.", "upload_not_found");
            }

            account.AvatarSha256 = upload.Sha256;
            store.Actions.Enqueue(new SandboxAction("avatar", account.Username, null, upload.Sha256, time.GetUtcNow()));
            return UserResult(catalog.FromAccount(account, includeEmail: true));
        }).RequireSignedBody();

        return authed;
    }

    private static IResult UserResult(MobileUser user) =>
        Results.Json(new JsonObject { ["user"] = JsonSerializer.SerializeToNode(user), ["status"] = "ok" });
}
