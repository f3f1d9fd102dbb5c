namespace InstaUploader.Contracts;

/// <summary>
/// The path segment of a kind's start route on the worker (<c>/api/v1/{segment}/start</c>): the original worker
/// spells some kinds with dashes.
/// </summary>
public static class StartPaths
{
    private static readonly Dictionary<string, string> SegmentByKind = new()
    {
        [TaskKinds.BulkUpload] = "bulk-tasks",
        [TaskKinds.BulkLogin] = "bulk-login",
        [TaskKinds.Warmup] = TaskKinds.Warmup,
        [TaskKinds.Avatar] = TaskKinds.Avatar,
        [TaskKinds.Bio] = TaskKinds.Bio,
        [TaskKinds.Follow] = TaskKinds.Follow,
        [TaskKinds.ProxyDiag] = "proxy-diagnostics",
        [TaskKinds.MediaUniq] = "media-uniq",
        [TaskKinds.CookieRobot] = "cookie-robot",
        [TaskKinds.WebCanary] = "web-canary",
    };

    /// <summary>The start segment of <paramref name="kind"/>.</summary>
    public static string Segment(string kind) => SegmentByKind.GetValueOrDefault(kind, kind);

    /// <summary>Every kind started with <c>?task_id=</c> (all but bulk upload, which posts a body), by its segment.</summary>
    public static IEnumerable<(string Segment, string Kind)> QueryStarted =>
        SegmentByKind.Where(p => p.Key != TaskKinds.BulkUpload).Select(p => (p.Value, p.Key));
}
