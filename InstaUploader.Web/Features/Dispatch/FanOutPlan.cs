using InstaUploader.Contracts.Control;
using InstaUploader.Web.Features.Workers;

namespace InstaUploader.Web.Features.Dispatch;

/// <summary>One call of a dispatch round: where, which route, what body.</summary>
public sealed record WorkerCall(WorkerTarget Worker, string Path, object? Body);

/// <summary>
/// Which calls one dispatch round makes (docs/protocol.md#nudges). Our workers (registered with a nudge token) get one
/// kind of nudge, process-query, once per round however many tasks and wake-ups were coalesced into it: they claim.
/// Start calls go only to workers that registered the original way (no nudge token, or the configured pool), which
/// run the task's share in pull mode. A started task's batches are coalesced per such worker: worker <c>i</c> of
/// <c>n</c> gets one start call with batch_index <c>i</c> and batch_count <c>min(n, batches)</c>, so a task of any size
/// costs each worker at most one call, and each runs a disjoint share (index % batch_count == batch_index). A start
/// call wakes the claim loop as process-query does, so only workers without one get process-query.
/// </summary>
public static class FanOutPlan
{
    public static List<WorkerCall> For(IReadOnlyList<WorkerTarget> workers, IReadOnlyList<DispatchRequest> requests, DispatchOptions options)
    {
        var calls = new List<WorkerCall>();
        var started = requests.Where(r => r != DispatchRequest.WakeWorkers).DistinctBy(r => r.TaskId).ToList();
        var woken = new HashSet<WorkerTarget>();
        var original = workers.Where(w => w.NudgeToken is null).ToList();
        foreach (var request in started)
        {
            var batches = Math.Max(1, (int)Math.Ceiling(request.ItemCount / (double)options.BatchSize));
            var batchCount = Math.Min(original.Count, batches);
            for (var batch = 0; batch < batchCount; batch++)
            {
                var (path, body) = TaskDispatcher.StartCall(request, batch, batchCount, options.Concurrency);
                calls.Add(new WorkerCall(original[batch], path, body));
                woken.Add(original[batch]);
            }
        }

        // One task named: the original worker reads query_id; several or none: a plain wake-up.
        var queryId = started.Count == 1 ? started[0].TaskId : (int?)null;
        calls.AddRange(workers.Where(w => !woken.Contains(w))
            .Select(w => new WorkerCall(w, ControlRoutes.ProcessQuery, new ProcessQueryRequest(queryId, null))));
        return calls;
    }
}
