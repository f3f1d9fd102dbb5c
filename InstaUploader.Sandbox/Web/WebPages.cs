using System.Globalization;
using InstaUploader.Sandbox.Mobile;
using InstaUploader.Sandbox.State;
using InstaUploader.Sandbox.Web.Html;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InstaUploader.Sandbox.Web;

/// <summary>
/// The www.instagram.com stand-in driven by Playwright: login (with 2FA and e-mail challenge), the feed with stories,
/// likes and the create dialog, profiles with Follow, the profile editor, and the XHR and GraphQL endpoints those
/// pages call. Pages speak English or Spanish (<see cref="PageTexts"/>).
/// Also /sandbox/sites/... pages for the cookie robot.
/// </summary>
public static class WebPages
{
    public static IServiceCollection AddInstagramWebStandIn(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WebUploads>();
        services.TryAddSingleton<MobileCatalog>();
        services.AddSingleton<WebFeed>();
        services.AddSingleton<WebGuard>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/accounts/login/", (string? next, HttpContext http, SandboxStore store) =>
        {
            WebSession.EnsureCsrf(http);
            return WebSession.CurrentUser(http, store) is not null ? Results.Redirect(SafeNext(next)) : LoginPage.Render(SafeNext(next), PageTexts.For(http));
        });

        app.MapGet("/accounts/login/two_factor", (string? next, string? identifier, string? username, HttpContext http) =>
        {
            WebSession.EnsureCsrf(http);
            return string.IsNullOrEmpty(identifier) || string.IsNullOrEmpty(username)
                ? Results.Redirect("/accounts/login/")
                : TwoFactorPage.Render(SafeNext(next), identifier, username);
        });

        app.MapGet("/", (HttpContext http, SandboxStore store, WebFeed feed, TimeProvider time) =>
        {
            WebSession.EnsureCsrf(http);
            if (WebSession.CurrentUser(http, store) is not { } account)
            {
                return Results.Redirect("/accounts/login/?next=%2F");
            }

            var posts = feed.Timeline(account)
                .Select(m => new FeedPost(m.Pk, m.User.Username, m.Caption?.Text ?? "", feed.HasLiked(account, m.Pk), m.LikeCount))
                .ToList();
            store.Actions.Enqueue(new SandboxAction("feed_view", account.Username, "web", posts.Count.ToString(CultureInfo.InvariantCulture), time.GetUtcNow()));
            return HomePage.Render(account.Username, posts, feed.Tray(account, time.GetUtcNow()), PageTexts.For(http));
        });

        app.MapGet("/accounts/edit/", (HttpContext http, SandboxStore store) =>
        {
            WebSession.EnsureCsrf(http);
            return WebSession.CurrentUser(http, store) is { } account
                ? EditProfilePage.Render(account.Username, account.FullName ?? "", account.Biography, account.ExternalUrl,
                    account.Faults.WebBioLabelRenamed ? PageTexts.For(http) with { Bio = "About you" } : PageTexts.For(http))
                : Results.Redirect("/accounts/login/?next=%2Faccounts%2Fedit%2F");
        });

        app.MapGet("/{username}/", (string username, HttpContext http, SandboxStore store, WebFeed feed) =>
        {
            WebSession.EnsureCsrf(http);
            if (WebSession.CurrentUser(http, store) is not { } account)
            {
                return Results.Redirect("/accounts/login/?next=" + Uri.EscapeDataString($"/{username}/"));
            }

            if (feed.User(username) is not { } user)
            {
                return ProfilePage.NotFound(account.Username);
            }

            return ProfilePage.Render(account.Username, new ProfileView(
                user.Pk, user.Username, user.FullName, user.Biography, user.ExternalUrl, user.MediaCount, user.FollowerCount, user.FollowingCount,
                [.. feed.MediaOf(user).Select(m => m.Code)], WebFeed.IsFollowing(account, user.Pk), user.Pk == account.Pk), PageTexts.For(http));
        });

        app.MapGet("/accounts/logout/", (HttpContext http, SandboxStore store) =>
        {
            if (http.Request.Cookies.TryGetValue(WebSession.SessionCookie, out var id) && id is not null)
            {
                store.WebSessions.TryRemove(id, out _);
            }

            http.Response.Cookies.Delete(WebSession.SessionCookie);
            http.Response.Cookies.Delete(WebSession.UserIdCookie);
            return Results.Redirect("/accounts/login/");
        });

        // Stand-ins for the ordinary sites a cookie robot browses: each sets its own cookie and is recorded.
        app.MapGet("/sandbox/sites/{site}/{**path}", (string site, string? path, HttpContext http, SandboxStore store, TimeProvider time) =>
        {
            var cookieName = $"visited_{new string([.. site.Where(char.IsLetterOrDigit)])}";
            http.Response.Cookies.Append(cookieName, WebSession.Token(16), new CookieOptions { Path = "/", MaxAge = TimeSpan.FromDays(30) });
            var who = WebSession.CurrentUser(http, store)?.Username ?? "";
            store.Actions.Enqueue(new SandboxAction("cookie_visit", who, http.Request.Path + http.Request.QueryString, site, time.GetUtcNow()));
            return Layout.Page(site, $"<main><h1>{Layout.Encode(site)}</h1><p>{Layout.Encode(path)}</p></main>");
        });

        app.MapWebLoginApi();
        app.MapWebChallenge();
        app.MapWebUploadApi();
        app.MapWebUserFeedApi();
        app.MapWebProfileInfoApi();
        app.MapWebActionsApi();
        app.MapWebGraphQlApi();
        return app;
    }

    /// <summary>Only same-site paths, so the login page is not an open redirect.</summary>
    internal static string SafeNext(string? next) =>
        next is { Length: > 0 } && next[0] == '/' && !next.StartsWith("//", StringComparison.Ordinal) ? next : "/";
}
