using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Tasks;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Proxies;

/// <summary>One proxy check: a proxy_diag item and, once a worker ran it, the check's result.</summary>
public sealed record DiagnosticsRun(
    int TaskId,
    string TaskName,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    string? LeaseOwner,
    bool? Ok,
    int? LatencyMs,
    string? ExitIp,
    int? HttpStatus,
    bool? ConnectOk,
    string? Error);

/// <summary>
/// UI side of proxy diagnostics: starts a proxy_diag task for chosen proxies and reads a proxy's past checks.
/// The history is the proxy's proxy_diag items; each keeps the worker's check result as its result JSON.
/// </summary>
public sealed class ProxyDiagnosticsRuns(AppDbContext db, TaskService tasks)
{
    public Task<TaskService.Outcome> StartAsync(IReadOnlyCollection<int> proxyIds, string name, CancellationToken ct) =>
        tasks.CreateAsync(new CreateTaskRequest { Kind = TaskKinds.ProxyDiag, Name = name, ProxyIds = [.. proxyIds], Start = true }, ct);

    public async Task<List<DiagnosticsRun>> HistoryAsync(int proxyId, int take, CancellationToken ct)
    {
        var rows = await db.TaskItems.AsNoTracking()
            .Where(i => i.Kind == TaskKinds.ProxyDiag && i.ProxyId == proxyId)
            .OrderByDescending(i => i.Id).Take(take)
            .Select(i => new { i.TaskId, TaskName = i.Task!.Name, i.Status, i.CreatedAt, i.FinishedAt, i.LeaseOwner, i.Result, i.LastError })
            .ToListAsync(ct);
        return [.. rows.Select(r =>
        {
            var result = StoredResult.Parse(r.Result);
            return new DiagnosticsRun(
                r.TaskId, r.TaskName, r.Status, r.CreatedAt, r.FinishedAt, r.LeaseOwner,
                result.Bool("ok"), result.Int("latency_ms"), result.Str("exit_ip"), result.Int("http_status"), result.Bool("connect_ok"),
                result.Str("error") ?? r.LastError);
        })];
    }
}
