using InstaUploader.Sandbox.State;

namespace InstaUploader.Sandbox.Control;

/// <summary>
/// GET /sandbox/api/accounts/{username}/mobile-traffic: how many of the account's mobile requests arrived, how many
/// through a proxy (a <c>Via</c> header), and the last one's <c>Via</c>, client address, request line and time.
/// GET /sandbox/api/mobile-requests?androidId=: the shape of every private-API request a device sent, oldest first.
/// </summary>
public static class MobileTrafficApi
{
    public static IEndpointRouteBuilder MapMobileTrafficApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sandbox/api/accounts/{username}/mobile-traffic", (string username, SandboxStore store) =>
            store.Mobile.Traffic.TryGetValue(username, out var log)
                ? Results.Ok(log.Snapshot)
                : Results.Problem(statusCode: 404, title: $"No mobile request of {username} was seen."));
        app.MapGet("/sandbox/api/mobile-requests", (string? androidId, SandboxStore store) =>
            Results.Ok(store.Mobile.Requests.Where(r => androidId is null || r.AndroidId == androidId).OrderBy(r => r.Sequence).ToList()));
        return app;
    }
}
