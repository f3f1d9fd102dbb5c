using InstaUploader.Instagram.Dolphin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InstaUploader.Instagram.Web;

public static class WebAutomationServiceCollectionExtensions
{
    /// <summary>
    /// The "playwright" method: Dolphin Anty client, browser sessions, the instagram.com automation (login, reels,
    /// feed and profile actions, reading a user's posts), the cookie robot and the web canary. Binds <see cref="InstagramOptions"/> ("Instagram"), <see cref="DolphinOptions"/> ("Dolphin")
    /// and <see cref="BrowserOptions"/> ("Browser"). An <c>IEmailCodeReader</c>, when registered, answers e-mail challenges.
    /// </summary>
    public static IServiceCollection AddInstagramWebAutomation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<InstagramOptions>().BindConfiguration(InstagramOptions.Section);
        services.AddOptions<BrowserOptions>().BindConfiguration(BrowserOptions.Section);
        services.AddDolphinAntyClient();
        // Singleton: it owns the Playwright driver and the shared launched Chromium (one context per account).
        services.TryAddSingleton<BrowserSessionFactory>();
        services.TryAddSingleton<HumanPacer>();
        services.TryAddSingleton<InstagramWebAutomation>();
        services.TryAddSingleton<WebFeedActions>();
        services.TryAddSingleton<WebProfileActions>();
        services.TryAddSingleton<WebUserFeed>();
        services.TryAddSingleton<CookieRobot>();
        services.TryAddSingleton<WebCanary>();
        return services;
    }

    /// <summary>
    /// The Dolphin Anty local API as a typed HttpClient. A real profile start (fingerprint, proxy check) can take
    /// well over 10 s: callers with a standard resilience handler should give this client a longer attempt timeout.
    /// </summary>
    public static IHttpClientBuilder AddDolphinAntyClient(this IServiceCollection services)
    {
        services.AddOptions<DolphinOptions>().BindConfiguration(DolphinOptions.Section);
        return services.AddHttpClient<DolphinAntyClient>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<IOptions<DolphinOptions>>().Value.ApiHost;
            http.Timeout = TimeSpan.FromMinutes(2);
        });
    }
}
