using InstaUploader.Instagram.Web.Selectors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace InstaUploader.Instagram.Web;

/// <summary>
/// A diagnostic walk through the pages the automation relies on, with one account and without changing anything:
/// login form, login, home feed (like buttons), the create dialog, a profile's Follow button and the profile editor.
/// It stops at the first step whose page no longer matches <see cref="WebSelectors"/>, so a site change is reported
/// as one named step instead of as failing uploads.
/// </summary>
public sealed class WebCanary(
    InstagramWebAutomation web, IOptions<InstagramOptions> options, ILogger<WebCanary> logger)
{
    private const float StepTimeoutMs = 10_000;
    private static readonly WebSelectors Texts = WebSelectors.English;

    private Uri BaseUrl => options.Value.WebBaseUrl;

    /// <param name="profile">A username whose profile page is checked for Follow/Following; skipped when null.</param>
    public async Task<CanaryReport> RunAsync(IPage page, WebCredentials credentials, string? profile = null, CancellationToken ct = default)
    {
        var steps = new List<CanaryStep>();
        _ = await StepAsync(steps, "login form", () => LoginFormAsync(page), ct)
            && await StepAsync(steps, "log in", async () => $"{await web.LoginAsync(page, credentials, ct)}", ct)
            && await StepAsync(steps, "home feed", () => HomeFeedAsync(page), ct)
            && await StepAsync(steps, "create dialog", () => CreateDialogAsync(page), ct)
            && (profile is null || await StepAsync(steps, "profile page", () => ProfilePageAsync(page, profile), ct))
            && await StepAsync(steps, "profile editor", () => ProfileEditorAsync(page), ct);

        var report = new CanaryReport(Texts.Version, steps);
        if (report.FirstBroken is { } broken)
        {
            logger.LogWarning("Web canary for {Username}: step '{Step}' no longer matches ({Detail}); selectors {Version}",
                credentials.Username, broken.Name, broken.Detail, Texts.Version);
        }

        return report;
    }

    private static async Task<bool> StepAsync(List<CanaryStep> steps, string name, Func<Task<string?>> check, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            steps.Add(new CanaryStep(name, true, await check()));
            return true;
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException or InstagramException or CanaryMismatchException)
        {
            steps.Add(new CanaryStep(name, false, e.Message.Split('\n')[0]));
            return false;
        }
    }

    private async Task<string?> LoginFormAsync(IPage page)
    {
        await page.GotoAsync(new Uri(BaseUrl, "accounts/login/").ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        if (!InstagramWebAutomation.IsLoginUrl(page.Url))
        {
            return "already signed in; the form was not shown";
        }

        await VisibleAsync(InstagramWebAutomation.UsernameField(page), "the username field");
        await VisibleAsync(InstagramWebAutomation.PasswordField(page), "the password field");
        await VisibleAsync(InstagramWebAutomation.LoginButton(page), "the log-in button");
        return null;
    }

    private async Task<string?> HomeFeedAsync(IPage page)
    {
        await WebActionCall.GotoAsync(page, BaseUrl, "");
        await VisibleAsync(InstagramWebAutomation.NewPostEntry(page), "the New post entry");
        var articles = page.GetByRole(AriaRole.Article);
        if (await articles.CountAsync() == 0)
        {
            return "no posts in the feed to check a like button on";
        }

        var likeOrUnlike = articles.First.GetByRole(AriaRole.Button, new() { NameRegex = WebSelectors.AnyOf([Texts.Feed.Like, Texts.Feed.Unlike]) });
        await VisibleAsync(likeOrUnlike.First, "a Like button on the first post");
        return null;
    }

    private static async Task<string?> CreateDialogAsync(IPage page)
    {
        await InstagramWebAutomation.NewPostEntry(page).ClickAsync(new() { Timeout = StepTimeoutMs });
        var createDialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Create new post" });
        var postMenuItem = page.GetByRole(AriaRole.Link, new() { Name = "Post", Exact = true })
            .Or(page.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }));
        await VisibleAsync(createDialog.Or(postMenuItem).First, "the Create new post dialog");
        return null;
    }

    private async Task<string?> ProfilePageAsync(IPage page, string profile)
    {
        await WebActionCall.GotoAsync(page, BaseUrl, Uri.EscapeDataString(profile.Trim().TrimStart('@')) + "/");
        var button = page.GetByRole(AriaRole.Button, new() { NameRegex = WebSelectors.AnyOf([Texts.Profile.Follow, Texts.Profile.Following]) });
        await VisibleAsync(button.First, "the Follow button");
        return null;
    }

    private async Task<string?> ProfileEditorAsync(IPage page)
    {
        await WebActionCall.GotoAsync(page, BaseUrl, "accounts/edit/");
        await VisibleAsync(page.GetByLabel(Texts.EditProfile.Bio, new() { Exact = true }), "the Bio field");
        await VisibleAsync(page.GetByRole(AriaRole.Button, new() { Name = Texts.EditProfile.Submit, Exact = true }), "the Submit button");
        var website = page.GetByLabel("Website", new() { Exact = true });
        if (await website.CountAsync() > 0 && await website.First.IsEnabledAsync())
        {
            // Bio links go through the mobile API because the web cannot edit them; if that changed, so may we.
            throw new CanaryMismatchException("Website is editable on the web again");
        }

        return null;
    }

    private static async Task VisibleAsync(ILocator locator, string what)
    {
        try
        {
            await locator.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = StepTimeoutMs });
        }
        catch (TimeoutException)
        {
            throw new CanaryMismatchException($"{what} was not found");
        }
    }

    private sealed class CanaryMismatchException(string message) : Exception(message);
}

/// <summary>What the canary saw: every step it walked, in order, up to and including the first broken one.</summary>
public sealed record CanaryReport(string SelectorsVersion, IReadOnlyList<CanaryStep> Steps)
{
    public CanaryStep? FirstBroken => Steps.FirstOrDefault(s => !s.Passed);

    public bool Healthy => FirstBroken is null;
}

/// <param name="Detail">Why it failed, or a note on a passed step (e.g. nothing to check).</param>
public sealed record CanaryStep(string Name, bool Passed, string? Detail);
