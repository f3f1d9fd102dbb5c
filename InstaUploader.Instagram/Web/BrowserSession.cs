using InstaUploader.Instagram.Dolphin;
using Microsoft.Playwright;

namespace InstaUploader.Instagram.Web;

/// <summary>
/// One account's browser: a context and its page. Disposing closes the context (direct launch) or disconnects
/// and stops the Dolphin profile.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly Func<ValueTask> _onDispose;
    private int _disposed;

    internal BrowserSession(IBrowserContext context, IPage page, DolphinAutomationEndpoint? dolphin, Func<ValueTask> onDispose)
    {
        Context = context;
        Page = page;
        Dolphin = dolphin;
        _onDispose = onDispose;
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    /// <summary>Set when the browser is a Dolphin Anty profile.</summary>
    public DolphinAutomationEndpoint? Dolphin { get; }

    /// <summary>All cookies of the context, to save on the account.</summary>
    public async Task<IReadOnlyList<WebCookie>> GetCookiesAsync() =>
        [.. (await Context.CookiesAsync()).Select(WebCookie.From)];

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _onDispose();
        }
    }
}
