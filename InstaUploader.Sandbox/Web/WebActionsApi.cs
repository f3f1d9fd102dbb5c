using System.Globalization;
using System.Security.Cryptography;
using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Web;

/// <summary>
/// The XHRs the feed, story viewer, profile and edit pages call, on www.instagram.com's paths. They record the
/// same actions (like, story_seen, follow, bio, avatar) as the mobile endpoints, so the control API shows them
/// whichever way they were done; <see cref="WebGuard"/> applies the account's faults first.
/// </summary>
internal static class WebActionsApi
{
    public static IEndpointRouteBuilder MapWebActionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").DisableAntiforgery().AddEndpointFilter<WebGuard>();

        api.MapPost("/web/likes/{mediaPk:long}/like/", (long mediaPk, HttpContext http, SandboxStore store, WebFeed feed, TimeProvider time) =>
            Like(mediaPk, "like", http, store, feed, time));
        api.MapPost("/web/likes/{mediaPk:long}/unlike/", (long mediaPk, HttpContext http, SandboxStore store, WebFeed feed, TimeProvider time) =>
            Like(mediaPk, "unlike", http, store, feed, time));

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

        api.MapPost("/web/friendships/{userPk:long}/follow/", (long userPk, HttpContext http, SandboxStore store, WebFeed feed, TimeProvider time) =>
        {
            var account = WebGuard.Account(http);
            if (feed.User(userPk) is not { } target || target.Pk == account.Pk)
            {
                return Fail("Invalid target user.", StatusCodes.Status400BadRequest);
            }

            bool added;
            lock (account.Following)
            {
                added = account.Following.Add(userPk);
            }

            if (added)
            {
                store.Actions.Enqueue(new SandboxAction("follow", account.Username, target.Username, userPk.ToString(CultureInfo.InvariantCulture), time.GetUtcNow()));
            }

            return Results.Json(new { result = "following", previous_following = !added, status = "ok" });
        });

        api.MapPost("/web/friendships/{userPk:long}/unfollow/", (long userPk, HttpContext http) =>
        {
            var account = WebGuard.Account(http);
            lock (account.Following)
            {
                account.Following.Remove(userPk);
            }

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

            var url = form["external_url"].ToString().Trim();
            if (url.Length > 0 && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            {
                return Fail("Enter a valid website.", StatusCodes.Status400BadRequest);
            }

            if (biography != account.Biography)
            {
                account.Biography = biography;
                store.Actions.Enqueue(new SandboxAction("bio", account.Username, null, biography, time.GetUtcNow()));
            }

            if (url != (account.ExternalUrl ?? ""))
            {
                account.ExternalUrl = url.Length == 0 ? null : url;
                store.Actions.Enqueue(new SandboxAction("bio", account.Username, "external_url", url, time.GetUtcNow()));
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

    private static IResult Like(long mediaPk, string kind, HttpContext http, SandboxStore store, WebFeed feed, TimeProvider time)
    {
        var account = WebGuard.Account(http);
        if (feed.Media(mediaPk) is not { } media)
        {
            return Fail("Sorry, this media has been deleted", StatusCodes.Status400BadRequest);
        }

        if (feed.HasLiked(account, mediaPk) != (kind == "like"))
        {
            store.Actions.Enqueue(new SandboxAction(kind, account.Username, media.Id, media.User.Username, time.GetUtcNow()));
        }

        return Results.Json(new { status = "ok" });
    }

    private static IResult Fail(string message, int status) => Results.Json(new { message, status = "fail" }, statusCode: status);
}
