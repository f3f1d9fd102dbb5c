using InstaUploader.Instagram.Dolphin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InstaUploader.Instagram.Web;

public static class WebAutomationServiceCollectionExtensions
{
    /// <summary>
    /// The "playwright" upload method: Dolphin Anty client, browser sessions, the instagram.com automation and
    /// the cookie robot. Binds <see cref="InstagramOptions"/>, <see cref="DolphinOptions"/> and <see cref="BrowserOptions"/>.
    /// </summary>
    public static IServiceCollection AddInstagramWebAutomation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<InstagramOptions>().BindConfiguration(InstagramOptions.Section);
        services.AddOptions<DolphinOptions>().BindConfiguration(DolphinOptions.Section);
        services.AddOptions<BrowserOptions>().BindConfiguration(BrowserOptions.Section);
        services.AddHttpClient<DolphinAntyClient>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<IOptions<DolphinOptions>>().Value.ApiHost;
            http.Timeout = TimeSpan.FromMinutes(2); // a real profile start (fingerprint, proxy check) can take a while
        });
        // Singleton: it owns the Playwright driver and the shared launched Chromium (one context per account).
        services.TryAddSingleton<BrowserSessionFactory>();
        services.TryAddSingleton<HumanPacer>();
        services.TryAddSingleton<InstagramWebAutomation>();
        services.TryAddSingleton<CookieRobot>();
        return services;
    }
}
