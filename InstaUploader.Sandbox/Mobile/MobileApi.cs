using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection.Extensions;

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
        return services;
    }

    public static IEndpointRouteBuilder MapMobileApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1").WithMetadata(MobileAppEndpoint.Instance).AddEndpointFilter(RequireAppUserAgent);
        v1.MapMobileAuth().MapMobileChallenge().MapMobileBootstrap();
        app.MapGroup("/api/v1").WithMetadata(MobileAppEndpoint.Instance).MapMobileQeSync();

        var authed = app.MapGroup("/api/v1").WithMetadata(MobileAppEndpoint.Instance).AddEndpointFilter(RequireAppUserAgent).AddEndpointFilter<MobileGuard>();
        authed.MapMobileLogout()
            .MapMobileConfigure()
            .MapMobileAccount()
            .MapMobileFriendships()
            .MapMobileFeed()
            .MapMobileStorySeen()
            .MapMobileUsers()
            .MapMobileTags();

        app.MapGroup("/api/v2").WithMetadata(MobileAppEndpoint.Instance).AddEndpointFilter(RequireAppUserAgent).AddEndpointFilter<MobileGuard>().MapMobileStorySeen();
        app.MapGroup("").WithMetadata(MobileAppEndpoint.Instance).AddEndpointFilter<MobileGuard>().MapMobileUploads();
        return app;
    }

    /// <summary>The private API refuses clients that do not present an app user agent ("Instagram 269.0.0.18.75 Android (...)").</summary>
    private static async ValueTask<object?> RequireAppUserAgent(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var userAgent = context.HttpContext.Request.Headers.UserAgent.ToString();
        if (!userAgent.StartsWith("Instagram ", StringComparison.Ordinal))
        {
            return MobileErrors.Fail(400, "useragent mismatch", extra: new JsonObject { ["error_title"] = "Update Instagram" });
        }

        return await next(context);
    }
}
