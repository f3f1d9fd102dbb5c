using System.Globalization;
using System.Security.Cryptography;
using InstaUploader.Sandbox.State;
using InstaUploader.Sandbox.Web.Html;

namespace InstaUploader.Sandbox.Web;

/// <summary>
/// The XHRs the story viewer and the edit page call, on www.instagram.com's paths (likes and follows are GraphQL
/// mutations: <see cref="WebGraphQlApi"/>). They record the
/// same actions (like, story_seen, follow, bio, avatar) as the mobile endpoints, so the control API shows them
/// whichever way they were done; <see cref="WebGuard"/> applies the account's faults first.
/// </summary>
internal static class WebActionsApi
{
    public static IEndpointRouteBuilder MapWebActionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").DisableAntiforgery().AddEndpointFilter<WebGuard>();

        api.MapPost("/stories/reel/seen", async (HttpContext http, SandboxStore store, TimeProvider time, CancellationToken ct) =>
        {
            var account = WebGuard.Account(http);
            var form = await http.Request.ReadFormAsync(ct);
            if (!long.TryParse(form["reelMediaId"], out var storyPk) || !long.TryParse(form["reelMediaOwnerId"], out var ownerPk))
            {
                return Fail("Invalid story.", StatusCodes.Status400BadRequest);
            }

            store.Actions.Enqueue(new SandboxAction("story_seen", account.Username, new WebStory(storyPk, ownerPk, "", 0).SeenKey, "web", time.GetUtcNow()));
            return Results.Json(new { status = "ok" });
        });

        api.MapPost("/web/accounts/edit/", async (HttpContext http, SandboxStore store, TimeProvider time, CancellationToken ct) =>
        {
            var account = WebGuard.Account(http);
            var form = await http.Request.ReadFormAsync(ct);
            var biography = form["biography"].ToString();
            if (biography.Length > 150)
            {
                return Fail("Your bio must be 150 characters or fewer.", StatusCodes.Status400BadRequest);
            }

            // The page shows Website disabled; a request that still changes it is refused, not half-applied.
            if (form.ContainsKey("external_url") && form["external_url"].ToString().Trim() != (account.ExternalUrl ?? ""))
            {
                return Fail(EditProfilePage.LinksOnlyOnMobileMessage, StatusCodes.Status400BadRequest);
            }

            if (biography != account.Biography)
            {
                account.Biography = biography;
                store.Actions.Enqueue(new SandboxAction("bio", account.Username, null, biography, time.GetUtcNow()));
            }

            if (form["first_name"].ToString() is { Length: > 0 } fullName)
            {
                account.FullName = fullName;
            }

            return Results.Json(new { status = "ok" });
        });

        api.MapPost("/web/accounts/web_change_profile_picture/", async (HttpContext http, SandboxStore store, TimeProvider time, CancellationToken ct) =>
        {
            var account = WebGuard.Account(http);
            var form = await http.Request.ReadFormAsync(ct);
            if (form.Files.GetFile("profile_pic") is not { Length: > 0 } file || !file.ContentType.StartsWith("image/", StringComparison.Ordinal))
            {
                return Fail("Uploaded image isn't in an allowed format.", StatusCodes.Status400BadRequest);
            }

            await using var stream = file.OpenReadStream();
            var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
            account.AvatarSha256 = sha;
            store.Actions.Enqueue(new SandboxAction("avatar", account.Username, null, sha, time.GetUtcNow()));
            return Results.Json(new { changed_profile = true, profile_pic_url = $"/avatars/{sha}.jpg", status = "ok" });
        });

        return app;
    }

    internal static IResult Fail(string message, int status) => Results.Json(new { message, status = "fail" }, statusCode: status);
}
