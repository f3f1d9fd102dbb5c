using InstaUploader.Instagram.Dolphin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace InstaUploader.Instagram.Web;

/// <summary>
/// Opens the browser an account works in. With a Dolphin Anty profile: start it through the local API and attach
/// over CDP. Without: one Chromium launched by Playwright is shared and each account gets its own context
/// (own cookies, own proxy with credentials).
/// </summary>
public sealed class BrowserSessionFactory(
    DolphinAntyClient dolphin, IOptions<BrowserOptions> options, ILogger<BrowserSessionFactory> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _launched;

    public async Task<BrowserSession> OpenAsync(BrowserIdentity identity, CancellationToken ct = default)
    {
        var session = identity.DolphinProfileId is { Length: > 0 } profileId
            ? await OpenDolphinAsync(identity, profileId, ct)
            : await OpenLaunchedAsync(identity, ct);
        session.Context.SetDefaultTimeout(options.Value.TimeoutMs);
        session.Context.SetDefaultNavigationTimeout(options.Value.TimeoutMs);
        return session;
    }

    /// <summary>Starts the Playwright driver and the shared Chromium ahead of the first account (e.g. at worker start).</summary>
    public async Task WarmUpAsync(CancellationToken ct = default) => await LaunchedBrowserAsync(ct);

    private async Task<BrowserSession> OpenDolphinAsync(BrowserIdentity identity, string profileId, CancellationToken ct)
    {
        var endpoint = await dolphin.StartProfileAsync(profileId, ct);
        var playwright = await PlaywrightAsync(ct);
        IBrowser browser;
        try
        {
            browser = await playwright.Chromium.ConnectOverCDPAsync(endpoint.WebSocketUrl.ToString(), new() { Timeout = options.Value.TimeoutMs });
        }
        catch (PlaywrightException)
        {
            await dolphin.StopProfileAsync(profileId, CancellationToken.None);
            throw;
        }

        // The profile's own (persistent) context is the first one; new contexts would lose its fingerprint and cookies.
        var context = browser.Contexts.Count > 0 ? browser.Contexts[0] : await browser.NewContextAsync();

        // The profile's own locale is part of its fingerprint and cannot be changed on a running context, but the
        // language the site answers in follows Accept-Language, and our selectors are English.
        await context.SetExtraHTTPHeadersAsync(BrowserOptions.EnglishHeaders);
        if (identity.Cookies is { Count: > 0 } cookies)
        {
            await context.AddCookiesAsync(cookies.Select(c => c.ToPlaywright()));
        }

        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        logger.LogInformation("{Username}: attached to Dolphin profile {ProfileId}", identity.Username, profileId);
        return new BrowserSession(context, page, endpoint, async () =>
        {
            try
            {
                await browser.CloseAsync(); // disconnects from a CDP-attached browser
            }
            catch (PlaywrightException e)
            {
                logger.LogDebug(e, "Disconnecting from Dolphin profile {ProfileId}", profileId);
            }

            await dolphin.StopProfileAsync(profileId, CancellationToken.None);
        });
    }

    private async Task<BrowserSession> OpenLaunchedAsync(BrowserIdentity identity, CancellationToken ct)
    {
        var browser = await LaunchedBrowserAsync(ct);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = BrowserOptions.EnglishLocale,
            ExtraHTTPHeaders = BrowserOptions.EnglishHeaders,
            UserAgent = identity.UserAgent,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Proxy = identity.Proxy is { } p ? new Proxy { Server = p.Server, Username = p.Username, Password = p.Password } : null,
        });
        if (identity.Cookies is { Count: > 0 } cookies)
        {
            await context.AddCookiesAsync(cookies.Select(c => c.ToPlaywright()));
        }

        var page = await context.NewPageAsync();
        logger.LogInformation("{Username}: new browser context (proxy {Proxy})", identity.Username, identity.Proxy?.ToString() ?? "none");
        return new BrowserSession(context, page, null, async () =>
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException e)
            {
                logger.LogDebug(e, "Closing the browser context of {Username}", identity.Username);
            }
        });
    }

    private async Task<IBrowser> LaunchedBrowserAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_launched is { IsConnected: true })
            {
                return _launched;
            }

            var o = options.Value;
            var playwright = await PlaywrightCoreAsync();
            _launched = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = o.ExecutablePath,
                Headless = o.Headless,
                Args = BrowserOptions.RequiredArguments,
                Timeout = o.TimeoutMs,
            });
            logger.LogInformation("Launched Chromium {Version} from {Path}", _launched.Version, o.ExecutablePath);
            return _launched;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IPlaywright> PlaywrightAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await PlaywrightCoreAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IPlaywright> PlaywrightCoreAsync() => _playwright ??= await Playwright.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        if (_launched is not null)
        {
            await _launched.CloseAsync();
        }

        _playwright?.Dispose();
        _gate.Dispose();
    }
}
