using System.Text.Json;
using System.Text.RegularExpressions;
using InstaUploader.Instagram.Mail;
using InstaUploader.Instagram.Web.Selectors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using OtpNet;

namespace InstaUploader.Instagram.Web;

/// <summary>
/// Drives www.instagram.com in a Playwright page like a person would: log in (with 2FA and the e-mail checkpoint)
/// and share a reel through the "New post" dialog. Failures surface as the shared <see cref="InstagramException"/>s.
/// Stateless: every method works on the page it is given.
/// </summary>
public sealed partial class InstagramWebAutomation(
    IOptions<InstagramOptions> options,
    IOptions<BrowserOptions> browserOptions,
    HumanPacer pacer,
    TimeProvider time,
    ILogger<InstagramWebAutomation> logger,
    IEmailCodeReader? emailCodeReader = null)
{
    private static readonly TimeSpan EmailCodeTimeout = TimeSpan.FromMinutes(3);

    private static readonly WebSelectors Texts = WebSelectors.English;

    private Uri BaseUrl => options.Value.WebBaseUrl;

    /// <summary>True when the home feed opens with the "New post" entry instead of redirecting to the login page.</summary>
    public async Task<bool> IsLoggedInAsync(IPage page, CancellationToken ct = default)
    {
        await page.GotoAsync(BaseUrl.ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        ct.ThrowIfCancellationRequested();
        if (IsLoginUrl(page.Url))
        {
            return false;
        }

        var newPost = NewPostEntry(page);
        await FirstVisibleAsync(newPost, UsernameField(page));
        return await newPost.IsVisibleAsync();
    }

    public async Task<WebLoginOutcome> LoginAsync(IPage page, WebCredentials credentials, CancellationToken ct = default)
    {
        if (await IsLoggedInAsync(page, ct))
        {
            logger.LogInformation("{Username}: web session still valid", credentials.Username);
            return WebLoginOutcome.AlreadyLoggedIn;
        }

        if (!IsLoginUrl(page.Url))
        {
            await page.GotoAsync(new Uri(BaseUrl, "accounts/login/").ToString());
        }

        await AcceptCookieBannerAsync(page);
        await TypeAsync(UsernameField(page), credentials.Username, ct);
        await TypeAsync(PasswordField(page), credentials.Password, ct);
        await pacer.PauseAsync(ct);

        // The page shows only "Please wait a few minutes"; how long to wait is in the login call's Retry-After.
        IResponse? throttled = null;
        void OnResponse(object? sender, IResponse r)
        {
            if (r.Status == 429 && r.Url.Contains("/accounts/login/", StringComparison.Ordinal))
            {
                throttled = r;
            }
        }

        var twoFactor = page.Locator("input[name='verificationCode']");
        var sendCode = page.GetByRole(AriaRole.Button, new() { Name = "Send security code" });
        var securityCode = page.Locator("input[name='security_code']");
        var loginError = page.Locator("#slfErrorAlert, [data-testid='login-error-message']");
        page.Response += OnResponse;
        try
        {
            await LoginButton(page).ClickAsync();
            await FirstVisibleAsync(NewPostEntry(page), twoFactor, sendCode, securityCode, loginError);
        }
        finally
        {
            page.Response -= OnResponse;
        }

        if (await loginError.IsVisibleAsync())
        {
            throw LoginError(credentials.Username, await loginError.InnerTextAsync(), RetryAfter(throttled));
        }

        var outcome = WebLoginOutcome.LoggedIn;
        if (await twoFactor.IsVisibleAsync())
        {
            await CompleteTwoFactorAsync(page, credentials, ct);
            outcome = WebLoginOutcome.LoggedInWithTwoFactor;
        }
        else if (await sendCode.IsVisibleAsync() || await securityCode.IsVisibleAsync())
        {
            await CompleteChallengeAsync(page, credentials, ct);
            outcome = WebLoginOutcome.LoggedInAfterChallenge;
        }

        await DismissLoginPromptsAsync(page);
        logger.LogInformation("{Username}: logged in on the web ({Outcome})", credentials.Username, outcome);
        return outcome;
    }

    private async Task CompleteTwoFactorAsync(IPage page, WebCredentials credentials, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(credentials.TotpSecret))
        {
            throw new TwoFactorRequiredException($"{credentials.Username}: two-factor authentication is on but no TOTP secret is stored.");
        }

        var totp = new Totp(Base32Encoding.ToBytes(credentials.TotpSecret.Replace(" ", "", StringComparison.Ordinal)));
        var code = totp.ComputeTotp(time.GetUtcNow().UtcDateTime);
        await TypeAsync(page.Locator("input[name='verificationCode']"), code, ct);
        await pacer.PauseAsync(ct);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await ExpectHomeOrErrorAsync(page, e => new TwoFactorRequiredException($"{credentials.Username}: the security code was refused ({e})."));
    }

    private async Task CompleteChallengeAsync(IPage page, WebCredentials credentials, CancellationToken ct)
    {
        if (emailCodeReader is null || string.IsNullOrEmpty(credentials.Email) || string.IsNullOrEmpty(credentials.EmailPassword))
        {
            throw new ChallengeRequiredException($"{credentials.Username}: Instagram asks for an e-mailed security code but no mailbox is configured.");
        }

        // A little slack for clock skew between us and the mail server.
        var since = time.GetUtcNow().AddMinutes(-1);
        var sendCode = page.GetByRole(AriaRole.Button, new() { Name = "Send security code" });
        if (await sendCode.IsVisibleAsync())
        {
            await pacer.PauseAsync(ct);
            await sendCode.ClickAsync();
        }

        var input = page.Locator("input[name='security_code']");
        await input.WaitForAsync();
        var code = await emailCodeReader.WaitForCodeAsync(credentials.Email, credentials.EmailPassword, since, EmailCodeTimeout, ct)
            ?? throw new ChallengeRequiredException($"{credentials.Username}: no security code arrived in the mailbox.");
        await TypeAsync(input, code, ct);
        await pacer.PauseAsync(ct);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await ExpectHomeOrErrorAsync(page, e => new ChallengeRequiredException($"{credentials.Username}: the security code was refused ({e})."));
    }

    private static async Task ExpectHomeOrErrorAsync(IPage page, Func<string, InstagramException> error)
    {
        var alert = page.Locator("[role='alert']:visible");
        await FirstVisibleAsync(NewPostEntry(page), alert);
        if (await alert.CountAsync() > 0 && !await NewPostEntry(page).IsVisibleAsync())
        {
            throw error(await alert.First.InnerTextAsync());
        }
    }

    /// <summary>
    /// Shares a video as a reel through the "New post" dialog. Throws <see cref="RateLimitedException"/>,
    /// <see cref="FeedbackRequiredException"/> or <see cref="UploadFailedException"/> from the dialog the page shows.
    /// </summary>
    public async Task<ReelUploadResult> UploadReelAsync(IPage page, string videoPath, string caption, string? location = null, CancellationToken ct = default)
    {
        if (!File.Exists(videoPath))
        {
            throw new FileNotFoundException("The reel's video file does not exist.", videoPath);
        }

        await page.GotoAsync(BaseUrl.ToString(), new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        if (IsLoginUrl(page.Url))
        {
            throw new LoginRequiredException("The web session is not logged in.");
        }

        await DismissLoginPromptsAsync(page);
        await pacer.PauseAsync(ct);
        await NewPostEntry(page).ClickAsync();

        // Newer layouts open a small menu (Post / Live video / Ad) first.
        var postMenuItem = page.GetByRole(AriaRole.Link, new() { Name = "Post", Exact = true })
            .Or(page.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }));
        var createDialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Create new post" });
        await FirstVisibleAsync(createDialog, postMenuItem);
        if (!await createDialog.IsVisibleAsync())
        {
            await postMenuItem.First.ClickAsync();
        }

        await pacer.PauseAsync(ct);
        await createDialog.Locator("input[type='file']").SetInputFilesAsync(videoPath);

        var reelsNotice = page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Videos are now shared as reels" });
        var next = page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true });
        await FirstVisibleAsync(reelsNotice, next);
        if (await reelsNotice.IsVisibleAsync())
        {
            await pacer.PauseAsync(ct);
            await reelsNotice.GetByRole(AriaRole.Button, new() { Name = "OK" }).ClickAsync();
        }

        await pacer.PauseAsync(ct);
        await next.ClickAsync(); // Crop
        await pacer.PauseAsync(ct);
        await next.ClickAsync(); // Edit

        var captionBox = page.Locator("div[aria-label='Write a caption...'][contenteditable='true']");
        await captionBox.ClickAsync();
        if (pacer.Enabled)
        {
            await captionBox.PressSequentiallyAsync(caption, new() { Delay = pacer.KeystrokeDelayMs });
        }
        else
        {
            await captionBox.FillAsync(caption);
        }

        var locationApplied = location is { Length: > 0 } && await ChooseLocationAsync(page, location, ct);

        var configure = new TaskCompletionSource<IResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnResponse(object? sender, IResponse r)
        {
            if (r.Url.Contains("/configure_to_clips/", StringComparison.Ordinal) || r.Url.Contains("/configure/", StringComparison.Ordinal))
            {
                configure.TrySetResult(r);
            }
        }

        page.Response += OnResponse;
        try
        {
            await pacer.PauseAsync(ct);
            await page.GetByRole(AriaRole.Button, new() { Name = "Share", Exact = true }).ClickAsync();

            var shared = page.GetByText("Your reel has been shared.");
            var failed = page.GetByRole(AriaRole.Dialog).Filter(new() { HasTextRegex = FailureDialogText() });
            await FirstVisibleAsync([shared, failed], browserOptions.Value.UploadTimeoutMs);
            if (!await shared.IsVisibleAsync())
            {
                var text = await failed.First.InnerTextAsync();
                await DismissDialogAsync(failed.First);
                throw UploadError(text, configure.Task.IsCompleted ? await configure.Task : null);
            }

            var (pk, code) = configure.Task.IsCompleted ? await ReadMediaAsync(await configure.Task) : (null, null);
            logger.LogInformation("Reel shared via the web (media {MediaPk})", pk);
            return new ReelUploadResult(pk, code, locationApplied);
        }
        finally
        {
            page.Response -= OnResponse;
        }
    }

    /// <summary>All cookies of the page's browser context, to save on the account.</summary>
    public static async Task<IReadOnlyList<WebCookie>> GetCookiesAsync(IPage page) =>
        [.. (await page.Context.CookiesAsync()).Select(WebCookie.From)];

    private async Task<bool> ChooseLocationAsync(IPage page, string location, CancellationToken ct)
    {
        var input = page.GetByPlaceholder(WebSelectors.AnyOf([Texts.Upload.LocationPlaceholder]));
        if (!await input.IsVisibleAsync())
        {
            // Not every account or region gets the location box; the reel goes out without a place.
            logger.LogWarning("The share dialog has no location box; sharing the reel without a place");
            return false;
        }

        await pacer.PauseAsync(ct);
        await TypeAsync(input, location, ct);
        var exact = page.GetByRole(AriaRole.Button, new() { Name = location, Exact = true });
        var any = page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Button);
        try
        {
            await FirstVisibleAsync([exact, any], 10_000);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("No place suggestion for the reel's location; sharing without it");
            await input.FillAsync("");
            return false;
        }

        await pacer.PauseAsync(ct);
        await (await exact.CountAsync() > 0 ? exact.First : any.First).ClickAsync();
        return true;
    }

    private static InstagramException LoginError(string username, string message, TimeSpan? retryAfter)
    {
        if (message.Contains("password was incorrect", StringComparison.OrdinalIgnoreCase)
            || message.Contains("doesn't belong to an account", StringComparison.OrdinalIgnoreCase))
        {
            return new BadPasswordException($"{username}: {message}");
        }

        if (message.Contains("wait a few minutes", StringComparison.OrdinalIgnoreCase))
        {
            return new RateLimitedException($"{username}: {message}", retryAfter);
        }

        if (message.Contains("disabled", StringComparison.OrdinalIgnoreCase) || message.Contains("suspended", StringComparison.OrdinalIgnoreCase))
        {
            return new AccountDisabledException($"{username}: {message}");
        }

        return new InstagramException($"{username}: login failed: {message}");
    }

    private static InstagramException UploadError(string dialogText, IResponse? configure)
    {
        var text = Regex.Replace(dialogText, @"\s+", " ").Trim();
        if (configure?.Status == 429 || text.Contains("wait a few minutes", StringComparison.OrdinalIgnoreCase))
        {
            return new RateLimitedException($"Instagram rate-limited the reel: {text}", RetryAfter(configure));
        }

        if (text.Contains("Try Again Later", StringComparison.OrdinalIgnoreCase) || text.Contains("restrict certain activity", StringComparison.OrdinalIgnoreCase))
        {
            return new FeedbackRequiredException($"Instagram blocked the reel (feedback_required): {text}");
        }

        return new UploadFailedException($"The reel could not be shared: {text}");
    }

    internal static TimeSpan? RetryAfter(IResponse? response) =>
        response?.Headers.TryGetValue("retry-after", out var v) == true && int.TryParse(v, out var s) ? TimeSpan.FromSeconds(s) : null;

    private static async Task<(string? Pk, string? Code)> ReadMediaAsync(IResponse response)
    {
        try
        {
            var json = await response.JsonAsync();
            if (json is { } root && root.TryGetProperty("media", out var media))
            {
                return (media.TryGetProperty("pk", out var pk) ? pk.ToString() : null,
                        media.TryGetProperty("code", out var code) ? code.GetString() : null);
            }
        }
        catch (Exception e) when (e is PlaywrightException or JsonException)
        {
            // The reel is shared; the ids are a nice-to-have.
        }

        return (null, null);
    }

    private async Task TypeAsync(ILocator input, string text, CancellationToken ct)
    {
        await pacer.PauseAsync(ct);
        if (pacer.Enabled)
        {
            await input.ClickAsync();
            await input.FillAsync("");
            await input.PressSequentiallyAsync(text, new() { Delay = pacer.KeystrokeDelayMs });
        }
        else
        {
            await input.FillAsync(text);
        }
    }

    /// <summary>The EU cookie banner appears before the login form on a fresh profile.</summary>
    private static async Task AcceptCookieBannerAsync(IPage page)
    {
        var allow = page.GetByRole(AriaRole.Button, new() { NameRegex = AllowCookiesText() });
        if (await allow.CountAsync() > 0 && await allow.First.IsVisibleAsync())
        {
            await allow.First.ClickAsync();
        }
    }

    /// <summary>"Save your login info?" and "Turn on notifications" interstitials: answer "Not now".</summary>
    internal static async Task DismissLoginPromptsAsync(IPage page)
    {
        var notNow = page.GetByRole(AriaRole.Button, new() { Name = "Not now", Exact = false });
        for (var i = 0; i < 2 && await notNow.CountAsync() > 0 && await notNow.First.IsVisibleAsync(); i++)
        {
            await notNow.First.ClickAsync();
        }
    }

    private static async Task DismissDialogAsync(ILocator dialog)
    {
        var ok = dialog.GetByRole(AriaRole.Button, new() { Name = "OK", Exact = true });
        if (await ok.CountAsync() > 0)
        {
            await ok.First.ClickAsync();
        }
    }

    /// <summary>Waits until any of the locators shows a visible element (hidden templates of later steps do not count).</summary>
    internal static Task FirstVisibleAsync(params ILocator[] locators) => FirstVisibleAsync(locators, null);

    internal static Task FirstVisibleAsync(ILocator[] locators, float? timeoutMs)
    {
        var any = locators.Select(l => l.Filter(new() { Visible = true })).Aggregate((a, b) => a.Or(b));
        return any.First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = timeoutMs });
    }

    /// <summary>
    /// The login form's fields by their labels first; the 2026 form dropped the name attributes (name=email/pass
    /// before that, username/password earlier), which remain only as fallbacks.
    /// </summary>
    internal static ILocator UsernameField(IPage page) =>
        page.GetByLabel(WebSelectors.AnyOf(Texts.Login.UsernameLabels))
            .Or(page.Locator(string.Join(", ", Texts.Login.UsernameFallbacks))).First;

    internal static ILocator PasswordField(IPage page) =>
        page.GetByLabel(WebSelectors.AnyOf(Texts.Login.PasswordLabels))
            .Or(page.Locator(string.Join(", ", Texts.Login.PasswordFallbacks))).First;

    internal static ILocator LoginButton(IPage page) =>
        page.GetByRole(AriaRole.Button, new() { NameRegex = WebSelectors.AnyOf(Texts.Login.SubmitNames) })
            .Or(page.Locator("form button[type='submit']")).First;

    internal static ILocator NewPostEntry(IPage page) =>
        page.Locator("a:has(svg[aria-label='New post']), [role='button']:has(svg[aria-label='New post'])").First;

    internal static bool IsLoginUrl(string url) => url.Contains("/accounts/login", StringComparison.Ordinal);

    [GeneratedRegex("Try Again Later|Something went wrong|couldn't be shared|could not be shared|wait a few minutes", RegexOptions.IgnoreCase)]
    private static partial Regex FailureDialogText();

    [GeneratedRegex("^(Allow all cookies|Allow essential and optional cookies)$", RegexOptions.IgnoreCase)]
    private static partial Regex AllowCookiesText();
}
