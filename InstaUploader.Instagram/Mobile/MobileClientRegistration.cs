using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InstaUploader.Instagram.Mobile;

public static class MobileClientRegistration
{
    /// <summary>
    /// Registers <see cref="InstagramMobileClient"/> as a typed HttpClient over a <see cref="MobileProxyRoutingHandler"/>:
    /// each account's traffic goes through its own proxy (one connection pool per proxy), cookies are off (they live
    /// in each <see cref="MobileSession"/>). The handler is kept for the app's life (its pools recycle connections
    /// themselves), so proxy pools are not rebuilt every rotation. The timeout is long enough for video uploads; add
    /// resilience handlers only for idempotent calls (retries are the caller's policy).
    /// </summary>
    public static IHttpClientBuilder AddInstagramMobileClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddInstagramOptions();
        return services.AddHttpClient<InstagramMobileClient>(client => client.Timeout = TimeSpan.FromMinutes(10))
            .ConfigurePrimaryHttpMessageHandler(sp => new MobileProxyRoutingHandler(sp.GetRequiredService<TimeProvider>()))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
    }
}
