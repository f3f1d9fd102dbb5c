using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// Instagram's private mobile API (i.instagram.com) as the Android app and instagrapi use it: /api/v1/...,
/// /api/v2/media/seen/ and the /rupload_* upload hosts, all on the Sandbox host.
/// </summary>
public static class MobileApi
{
    public static IServiceCollection AddMobileApi(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MobileCatalog>();
        services.TryAddSingleton<MobilePasswordKeys>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, MobileAppMatcherPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());
        return services;
    }

    public static IEndpointRouteBuilder MapMobileApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1").WithMetadata(MobileAppEndpoint.Instance).AddEndpointFilter<MobileAppCheck>();
        v1.MapMobileAuth().MapMobileChallenge().MapMobileBootstrap();
        app.MapGroup("/api/v1").WithMetadata(MobileAppEndpoint.Instance).MapMobileQeSync();

        var authed = app.MapGroup("/api/v1").WithMetadata(MobileAppEndpoint.Instance).AddEndpointFilter<MobileAppCheck>().AddEndpointFilter<MobileGuard>();
        authed.MapMobileLogout()
            .MapMobileConfigure()
            .MapMobileAccount()
            .MapMobileFriendships()
            .MapMobileFeed()
            .MapMobileStorySeen()
            .MapMobileUsers()
            .MapMobileTags();

        app.MapGroup("/api/v2").WithMetadata(MobileAppEndpoint.Instance).AddEndpointFilter<MobileAppCheck>().AddEndpointFilter<MobileGuard>().MapMobileStorySeen();
        app.MapGroup("").WithMetadata(MobileAppEndpoint.Instance).AddEndpointFilter<MobileGuard>().MapMobileUploads();
        return app;
    }
}
