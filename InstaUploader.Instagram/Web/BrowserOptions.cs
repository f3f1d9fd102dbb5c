namespace InstaUploader.Instagram.Web;

/// <summary>How browsers are launched when an account has no Dolphin Anty profile.</summary>
public sealed class BrowserOptions
{
    public const string Section = "Browser";

    /// <summary>A system Chromium; Playwright's own browser download is not used (nor reachable on our hosts).</summary>
    public string ExecutablePath { get; set; } = "/usr/bin/chromium";

    public bool Headless { get; set; } = true;

    /// <summary>Default timeout of Playwright actions and navigations.</summary>
    public int TimeoutMs { get; set; } = 30_000;

    /// <summary>How long to wait for the upload to finish after pressing Share (big reels take a while).</summary>
    public int UploadTimeoutMs { get; set; } = 300_000;

    /// <summary>
    /// Every context is English whatever the account, proxy or profile would choose: the automation finds its way
    /// by English labels (<see cref="Selectors.WebSelectors.English"/>), and instagram.com picks the page language
    /// from the browser's Accept-Language. Not configurable on purpose.
    /// </summary>
    public const string EnglishLocale = Selectors.WebSelectors.EnglishLocale;

    public static readonly IReadOnlyDictionary<string, string> EnglishHeaders =
        new Dictionary<string, string> { ["Accept-Language"] = "en-US,en;q=0.9" };

    /// <summary>
    /// Flags Chromium needs on our Linux hosts: without the background-networking switches it keeps calling Google
    /// services and stalls on a closed network; --no-sandbox because workers run as root in containers.
    /// No --disable-features here: Chromium keeps only the last one, which would drop Playwright's own list.
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];
}
