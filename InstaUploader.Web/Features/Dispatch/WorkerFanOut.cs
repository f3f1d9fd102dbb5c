using InstaUploader.Contracts.Control;
using InstaUploader.Web.Features.Workers;

namespace InstaUploader.Web.Features.Dispatch;

/// <summary>
/// Sends one round's calls (<see cref="FanOutPlan"/>): at most <see cref="DispatchOptions.ParallelWorkers"/> workers at
/// once, each worker's calls one after another. A worker that refused its start call (a 429 past its one retry, a
/// 4xx) still gets process-query, so a refusal never costs it the wake-up; an unreachable one is left to its poll.
/// </summary>
public sealed class WorkerFanOut(WorkerControlClient client)
{
    public async Task<FanOutResult> SendAsync(IReadOnlyList<WorkerCall> calls, int parallelWorkers, CancellationToken ct)
    {
        int sent = 0, accepted = 0;
        var perWorker = calls.GroupBy(c => c.Worker).ToList();
        await Parallel.ForEachAsync(perWorker, new ParallelOptions { MaxDegreeOfParallelism = parallelWorkers, CancellationToken = ct },
            async (worker, token) =>
            {
                var woken = false;
                var refused = false;
                foreach (var call in worker)
                {
                    var outcome = await client.SendNudgeAsync(call.Worker, call.Path, call.Body, token);
                    Interlocked.Increment(ref sent);
                    woken |= outcome == NudgeOutcome.Accepted;
                    refused |= outcome == NudgeOutcome.Refused;
                    if (outcome == NudgeOutcome.Accepted)
                    {
                        Interlocked.Increment(ref accepted);
                    }
                    else if (outcome == NudgeOutcome.Unreachable)
                    {
                        break;
                    }
                }

                if (!woken && refused && worker.All(c => c.Path != ControlRoutes.ProcessQuery))
                {
                    var outcome = await client.SendNudgeAsync(worker.Key, ControlRoutes.ProcessQuery, new ProcessQueryRequest(null, null), token);
                    Interlocked.Increment(ref sent);
                    if (outcome == NudgeOutcome.Accepted)
                    {
                        Interlocked.Increment(ref accepted);
                    }
                }
            });
        return new FanOutResult(perWorker.Count, sent, accepted);
    }
}

/// <summary>A round's tally: workers called, calls sent (fallbacks included), calls accepted.</summary>
public sealed record FanOutResult(int Workers, int Calls, int Accepted);
