using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace InstaUploader.Instagram.Mobile;

public static class MobileClientRegistration
{
    /// <summary>
    /// Registers <see cref="InstagramMobileClient"/> as a typed HttpClient. Cookies are off on the shared handler:
    /// each account's cookies live in its <see cref="MobileSession"/>, never in a pooled handler. The timeout is long
    /// enough for video uploads; add resilience handlers only for idempotent calls (retries are the caller's policy).
    /// </summary>
    public static IHttpClientBuilder AddInstagramMobileClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<InstagramOptions>().BindConfiguration(InstagramOptions.Section);
        return services.AddHttpClient<InstagramMobileClient>(client => client.Timeout = TimeSpan.FromMinutes(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
    }
}
