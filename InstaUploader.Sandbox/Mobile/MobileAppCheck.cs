using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>
/// Endpoint filter for the app's API routes: the caller must present an Instagram for Android user agent
/// ("Instagram 428.0.0.47.67 Android (...)", instagrapi config.py:7-12), of a build Instagram still serves
/// (<see cref="SandboxOptions.MobileAllowedAppVersions"/>; others get needs_upgrade as Instagram answers them), and
/// an X-Bloks-Version-Id, when sent, must be the one that ships with that build (<see cref="MobileAppBuilds"/>).
/// </summary>
internal sealed class MobileAppCheck(IOptions<SandboxOptions> options) : IEndpointFilter
{
    private readonly MobileAppBuilds _builds = new(options.Value);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var userAgent = request.Headers.UserAgent.ToString();
        if (!userAgent.StartsWith("Instagram ", StringComparison.Ordinal))
        {
            return MobileErrors.Fail(400, "useragent mismatch", extra: new JsonObject { ["error_title"] = "Update Instagram" });
        }

        var version = userAgent.Split(' ', 3) is [_, var v, ..] ? v : "";
        if (!_builds.IsAllowed(version))
        {
            return MobileErrors.NeedsUpgrade();
        }

        // What Instagram answers a Bloks id from another build is not public; the build claimed does not exist, so the
        // Sandbox answers as for an unsupported build (docs/instagram-protocol.md, "Not yet checked").
        if (request.Headers.TryGetValue("X-Bloks-Version-Id", out var bloks) && !_builds.BelongsTo(version, bloks.ToString()))
        {
            return MobileErrors.NeedsUpgrade();
        }

        return await next(context);
    }
}
