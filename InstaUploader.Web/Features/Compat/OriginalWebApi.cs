namespace InstaUploader.Web.Features.Compat;

/// <summary>
/// The original system's own routes, kept for its worker, its Web's scripts and agencies' tools (docs/protocol.md):
/// worker registration without a nudge token, named task locks, the task shortcuts and the operator routes. Nothing of
/// ours calls them; they map onto our features.
/// </summary>
public static class OriginalWebApi
{
    public static IEndpointRouteBuilder MapOriginalWebApi(this IEndpointRouteBuilder app)
    {
        app.MapOriginalWorkerRegistryApi();
        app.MapLockApi();
        app.MapTaskShortcutsApi();
        app.MapOriginalOperatorApi();
        return app;
    }
}
