using System.Threading.Channels;
using InstaUploader.Contracts.Control;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Dispatch;

/// <summary>
/// Push half of the hybrid dispatch (docs/protocol.md#nudges): after a task's items are queued, tell the workers (start
/// calls with batch_index/batch_count, plus POST /api/process-query). The caller does not wait, and a worker
/// that does not answer is skipped: its share stays queued for the pollers (claim_next every POLLING_INTERVAL).
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
        await foreach (var request in channel.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await NudgeAsync(scope.ServiceProvider, request, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Dispatch of {Kind} task {TaskId} failed; its items stay queued for polling", request.Kind, request.TaskId);
            }
        }
    }

    private async Task NudgeAsync(IServiceProvider services, DispatchRequest request, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var client = services.GetRequiredService<WorkerControlClient>();
        var workers = await WorkerPool.ResolveAsync(db, options.Value, time.GetUtcNow(), ct);
        var wakeOnly = request == DispatchRequest.WakeWorkers;
        if (workers.Count == 0)
        {
            if (!wakeOnly)
            {
                logger.LogWarning("No workers known; {Kind} task {TaskId} waits for polling workers", request.Kind, request.TaskId);
            }

            return;
        }

        if (!wakeOnly)
        {
            await StartBatchesAsync(client, workers, request, ct);
        }

        // All at once: a worker whose host vanished answers nobody, and must not hold up the nudges of the others.
        await Task.WhenAll(workers.Select(worker =>
            client.PostAsync(worker, ControlRoutes.ProcessQuery, new ProcessQueryRequest(wakeOnly ? null : request.TaskId, null), ct)));
    }

    private async Task StartBatchesAsync(WorkerControlClient client, List<WorkerTarget> workers, DispatchRequest request, CancellationToken ct)
    {
        var batchCount = Math.Max(1, (int)Math.Ceiling(request.ItemCount / (double)options.Value.BatchSize));
        var accepted = await Task.WhenAll(Enumerable.Range(0, batchCount).Select(batch =>
        {
            var (path, body) = StartCall(request, batch, batchCount, options.Value.Concurrency);
            return client.PostAsync(workers[batch % workers.Count], path, body, ct);
        }));
        var reached = accepted.Count(a => a);

        logger.LogInformation("Dispatched {Kind} task {TaskId}: {Batches} batch(es) over {Workers} worker(s), {Reached} accepted",
            request.Kind, request.TaskId, batchCount, workers.Count, reached);
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
