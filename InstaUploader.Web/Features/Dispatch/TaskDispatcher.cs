using System.Threading.Channels;
using InstaUploader.Contracts.Control;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Dispatch;

/// <summary>
/// Push half of the hybrid dispatch (docs/protocol.md#nudges): after a task's items are queued, tell the workers. The
/// caller does not wait. Requests that gather while a round is being sent are coalesced into the next round
/// (<see cref="FanOutPlan"/>), so each worker gets at most one call per task started and one wake-up per round; a
/// worker that does not answer is skipped: its share stays queued for the pollers (claim_next every POLLING_INTERVAL).
/// </summary>
public sealed class TaskDispatcher(
    Channel<DispatchRequest> channel,
    IServiceScopeFactory scopes,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<TaskDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await channel.Reader.WaitToReadAsync(stoppingToken))
        {
            var round = new List<DispatchRequest>();
            while (channel.Reader.TryRead(out var request))
            {
                round.Add(request);
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await NudgeAsync(scope.ServiceProvider, round, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Dispatch of task(s) {TaskIds} failed; their items stay queued for polling",
                    string.Join(',', round.Select(r => r.TaskId)));
            }
        }
    }

    private async Task NudgeAsync(IServiceProvider services, List<DispatchRequest> round, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var workers = await WorkerPool.ResolveAsync(db, options.Value, time.GetUtcNow(), ct);
        var started = round.Where(r => r != DispatchRequest.WakeWorkers).ToList();
        if (workers.Count == 0)
        {
            foreach (var request in started)
            {
                logger.LogWarning("No workers known; {Kind} task {TaskId} waits for polling workers", request.Kind, request.TaskId);
            }

            return;
        }

        var calls = FanOutPlan.For(workers, round, options.Value);
        var result = await services.GetRequiredService<WorkerFanOut>().SendAsync(calls, options.Value.ParallelWorkers, ct);
        if (started.Count > 0)
        {
            logger.LogInformation("Dispatched task(s) {TaskIds}: {Calls} call(s) to {Workers} worker(s), {Accepted} accepted",
                string.Join(',', started.Select(r => r.TaskId)), result.Calls, result.Workers, result.Accepted);
        }
    }

    /// <summary>Bulk upload starts with a JSON body; the other kinds with ?task_id= (docs/protocol.md).</summary>
    public static (string Path, object? Body) StartCall(DispatchRequest request, int batchIndex, int batchCount, int concurrency) =>
        request.Kind == TaskKinds.BulkUpload
            ? (ControlRoutes.BulkStart, new BulkStartRequest(BulkStartRequest.PullMode, request.TaskId,
                new StartOptions(concurrency, Headless: true, Visible: false, batchIndex, batchCount, request.UploadMethod)))
            : (ControlRoutes.Start(request.Kind, request.TaskId, batchIndex, batchCount), null);
}

public sealed record DispatchRequest(string Kind, int TaskId, int ItemCount, string? UploadMethod)
{
    /// <summary>No new task: only ask every worker to claim (POST /api/process-query), e.g. when retries fall due.</summary>
    public static readonly DispatchRequest WakeWorkers = new("*", 0, 0, null);
}

public static class WorkerPool
{
    /// <summary>
    /// The registry's live workers (online, heartbeat within <see cref="WorkerMonitor.OfflineAfter"/>), each at the
    /// address it announced; the configured pool (WORKER_POOL, services__worker__http__N) only when none is live, e.g.
    /// before the first registration. A worker whose host went away stops being nudged after its heartbeat goes stale.
    /// </summary>
    public static async Task<List<WorkerTarget>> ResolveAsync(AppDbContext db, DispatchOptions options, DateTimeOffset now, CancellationToken ct)
    {
        var live = await db.Workers.AsNoTracking()
            .Where(WorkerNode.IsLive(now, WorkerMonitor.OfflineAfter))
            .OrderBy(w => w.Id)
            .Select(w => new { w.BaseUrl, w.NudgeToken })
            .ToListAsync(ct);
        List<WorkerTarget> registered = [.. live
            .Where(w => Uri.TryCreate(w.BaseUrl.TrimEnd('/') + "/", UriKind.Absolute, out _))
            .Select(w => new WorkerTarget(new Uri(w.BaseUrl.TrimEnd('/') + "/"), w.NudgeToken))
            .DistinctBy(w => w.Url.GetLeftPart(UriPartial.Authority))];
        return registered.Count > 0 ? registered : [.. options.Pool.Select(u => new WorkerTarget(u, null))];
    }
}
