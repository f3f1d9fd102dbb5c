using Microsoft.AspNetCore.Routing.Matching;

namespace InstaUploader.Sandbox.Mobile;

/// <summary>Marks endpoints of the private mobile API (i.instagram.com in real life).</summary>
public sealed class MobileAppEndpoint
{
    public static readonly MobileAppEndpoint Instance = new();

    private MobileAppEndpoint() { }
}

/// <summary>
/// Instagram serves the same paths on two hosts (e.g. /rupload_igvideo/ and /api/v1/media/configure_to_clips/ on
/// both www.instagram.com and i.instagram.com); the Sandbox has one host. When a path is mapped by both the web
/// stand-in and the mobile API, this picks by caller: the app (IGT bearer token or app user agent) gets the
/// mobile endpoint, a browser gets the other one. Paths mapped only once are left alone.
/// </summary>
internal sealed class MobileAppMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(IsMobile) && endpoints.Any(e => !IsMobile(e));

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var fromApp = IsAppRequest(httpContext.Request);
        bool anyMobile = false, anyOther = false;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i))
            {
                continue;
            }

            if (IsMobile(candidates[i].Endpoint))
            {
                anyMobile = true;
            }
            else
            {
                anyOther = true;
            }
        }

        if (!anyMobile || !anyOther)
        {
            return Task.CompletedTask;
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && IsMobile(candidates[i].Endpoint) != fromApp)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsMobile(Endpoint endpoint) => endpoint.Metadata.GetMetadata<MobileAppEndpoint>() is not null;

    private static bool IsAppRequest(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer IGT:", StringComparison.Ordinal)
        || request.Headers.UserAgent.ToString().StartsWith("Instagram ", StringComparison.Ordinal);
}
