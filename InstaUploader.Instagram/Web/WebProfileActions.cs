using InstaUploader.Instagram.Mobile;
using InstaUploader.Instagram.Web.Selectors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace InstaUploader.Instagram.Web;

/// <summary>
/// Profile work on instagram.com: follow a user from their profile page, set the bio on /accounts/edit/, change the
/// profile photo. Works on the page it is given (logged in), paced by <see cref="HumanPacer"/>. The website link is
/// read-only on the web ("Editing your links is only available on mobile"): it goes through the mobile API.
/// </summary>
public sealed class WebProfileActions(IOptions<InstagramOptions> options, HumanPacer pacer, ILogger<WebProfileActions> logger)
{
    private static readonly WebSelectors Texts = WebSelectors.English;

    private Uri BaseUrl => options.Value.WebBaseUrl;

    /// <summary>
    /// Opens @<paramref name="username"/>'s profile and presses Follow. Returns false when the account already
    /// follows them; throws <see cref="UserNotFoundException"/> when the profile does not exist.
    /// </summary>
    public async Task<bool> FollowAsync(IPage page, string username, CancellationToken ct = default)
    {
        var name = username.Trim().TrimStart('@');
        await WebActionCall.GotoAsync(page, BaseUrl, Uri.EscapeDataString(name) + "/");
        var follow = page.GetByRole(AriaRole.Button, new() { Name = Texts.Profile.Follow, Exact = true });
        var following = page.GetByRole(AriaRole.Button, new() { Name = Texts.Profile.Following, Exact = true });
        var missing = page.GetByText(Texts.Profile.NotFound);
        await InstagramWebAutomation.FirstVisibleAsync(follow, following, missing);
        if (await missing.IsVisibleAsync())
        {
            throw new UserNotFoundException($"@{name} does not exist.");
        }

        if (await following.IsVisibleAsync())
        {
            return false;
        }

        await pacer.PauseAsync(ct);
        await WebActionCall.RunGraphQlAsync(page, $"following @{name}", Texts.GraphQl.Follow, () => follow.ClickAsync());
        await following.WaitForAsync();
        logger.LogDebug("Followed @{Target} via the web", name);
        return true;
    }

    /// <summary>Sets the bio on the profile editor. The Website field there is disabled and is left alone.</summary>
    public async Task SetBiographyAsync(IPage page, string biography, CancellationToken ct = default)
    {
        await WebActionCall.GotoAsync(page, BaseUrl, "accounts/edit/");
        await FillAsync(page.GetByLabel(Texts.EditProfile.Bio, new() { Exact = true }), biography, ct);
        await pacer.PauseAsync(ct);
        var submit = page.GetByRole(AriaRole.Button, new() { Name = Texts.EditProfile.Submit, Exact = true });
        await WebActionCall.RunAsync(page, "saving the profile", "/web/accounts/edit/", () => submit.ClickAsync());
        await page.GetByText(Texts.EditProfile.Saved).WaitForAsync();
    }

    /// <summary>
    /// Changes the profile photo: "Change photo" → "Upload Photo" → the file chooser. The file is offered under a
    /// name and type that match its bytes (JPEG or PNG), as the worker's media cache stores files without extensions.
    /// </summary>
    public async Task SetProfilePictureAsync(IPage page, string imagePath, CancellationToken ct = default)
    {
        if (!File.Exists(imagePath))
        {
            throw new FileNotFoundException("The profile picture does not exist.", imagePath);
        }

        await WebActionCall.GotoAsync(page, BaseUrl, "accounts/edit/");
        await pacer.PauseAsync(ct);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change photo", Exact = true }).ClickAsync();
        var upload = page.GetByRole(AriaRole.Dialog, new() { Name = "Change Profile Photo" })
            .GetByRole(AriaRole.Button, new() { Name = "Upload Photo", Exact = true });
        await pacer.PauseAsync(ct);
        await WebActionCall.RunAsync(page, "changing the profile photo", "/web_change_profile_picture/", async () =>
        {
            var chooser = await page.RunAndWaitForFileChooserAsync(() => upload.ClickAsync());
            await chooser.SetFilesAsync(await PhotoFileAsync(imagePath, ct));
        });
        await page.GetByText("Profile photo added.").WaitForAsync();
    }

    private static async Task<FilePayload> PhotoFileAsync(string path, CancellationToken ct)
    {
        var bytes = await File.ReadAllBytesAsync(path, ct);
        var png = bytes is [0x89, 0x50, 0x4E, 0x47, ..];
        return new FilePayload
        {
            Name = Path.GetFileNameWithoutExtension(path) + (png ? ".png" : ".jpg"),
            MimeType = png ? "image/png" : "image/jpeg",
            Buffer = bytes,
        };
    }

    private async Task FillAsync(ILocator field, string text, CancellationToken ct)
    {
        await pacer.PauseAsync(ct);
        await field.FillAsync("");
        if (pacer.Enabled)
        {
            await field.PressSequentiallyAsync(text, new() { Delay = pacer.KeystrokeDelayMs });
        }
        else
        {
            await field.FillAsync(text);
        }
    }
}
