using System.Diagnostics;
using InstaUploader.Worker.Features.Registration;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.WebApi;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Jobs;

/// <summary>
/// The claim loop (docs/protocol.md#claim): fills every free slot (CONCURRENCY_LIMIT) with one claim_next request, runs each item
/// under a renewed lease, and reports the outcome (in batches). It wakes on a push nudge (start calls,
/// /api/process-query), when a slot frees, and otherwise polls every POLLING_INTERVAL seconds. A slot is taken only
/// by an item that was actually claimed and given back when its run ends, so no failure can leak capacity; a failed
/// claim (Web or database down, a stalled Web's timeout) is retried with capped backoff and jitter, never ending the
/// loop. On shutdown it stops claiming, lets running items finish within the grace period and hands the rest back.
/// </summary>
public sealed class ClaimLoop(
    IServiceScopeFactory scopes,
    IOptions<WorkerOptions> options,
    RunnerRegistry runners,
    JobTracker tracker,
    WorkerActivity activity,
    CompletionBatcher completions,
    LeaseRenewer leases,
    FreshStartGate gate,
    TimeProvider time,
    ILogger<ClaimLoop> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly List<Task> _running = [];
    private readonly CancellationTokenSource _abortItems = new();
    private int _busySlots;

    /// <summary>Items this replica is running now (its used slots).</summary>
    public int Running => Volatile.Read(ref _busySlots);

    /// <summary>Claim requests that failed since the last one that got an answer.</summary>
    public int ConsecutiveClaimFailures { get; private set; }

    /// <summary>Push nudge: claim now instead of at the next poll.</summary>
    public void Trigger()
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    private void WakeAfter(TimeSpan delay) =>
        _ = Task.Delay(delay, time).ContinueWith(_ => Trigger(), TaskScheduler.Default);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        await gate.OpenClaimsAsync(time, stoppingToken);
        using var renewing = new CancellationTokenSource();
        var renewal = leases.RunAsync(renewing.Token);
        while (!stoppingToken.IsCancellationRequested)
        {
            var free = o.ConcurrencyLimit - Running;
            if (free <= 0)
            {
                // A finishing item triggers a wake-up.
                await WaitForNudgeAsync(TimeSpan.FromSeconds(o.PollingInterval), stoppingToken);
                continue;
            }

            IReadOnlyList<ClaimedWork> claimed;
            try
            {
                claimed = await ClaimAsync(free, stoppingToken);
                ConsecutiveClaimFailures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                var wait = RetryBackoff.After(++ConsecutiveClaimFailures);
                logger.LogWarning("Claim failed ({Failures} in a row): {Error}; retrying in {Wait:0.0}s",
                    ConsecutiveClaimFailures, ex.Message, wait.TotalSeconds);
                await Task.Delay(wait, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            foreach (var work in claimed)
            {
                Start(work);
            }

            if (claimed.Count < free)
            {
                // The queue has nothing more for us now: wait for a nudge, a freed slot or the fallback poll.
                await WaitForNudgeAsync(TimeSpan.FromSeconds(o.PollingInterval), stoppingToken);
            }
        }

        await DrainAsync();
        await renewing.CancelAsync();
        await renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void Start(ClaimedWork work)
    {
        Interlocked.Increment(ref _busySlots);
        var run = Task.Run(async () =>
        {
            try
            {
                await RunAsync(work, _abortItems.Token);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Running item {Id} failed outside its runner", work.Id);
            }
            finally
            {
                Interlocked.Decrement(ref _busySlots);
                Trigger();
            }
        }, CancellationToken.None);
        lock (_running)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(run);
        }
    }

    private async Task<IReadOnlyList<ClaimedWork>> ClaimAsync(int limit, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WebApiClient>().ClaimAsync(limit, options.Value.LeaseSeconds, ct);
    }

    private async Task WaitForNudgeAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            using var delay = CancellationTokenSource.CreateLinkedTokenSource(ct);
            delay.CancelAfter(timeout);
            await _wake.WaitAsync(delay.Token);
        }
        catch (OperationCanceledException)
        {
            // Poll interval elapsed (or stopping): either way, try to claim again.
        }
    }

    private async Task RunAsync(ClaimedWork work, CancellationToken abort)
    {
        using var busy = activity.Begin();
        using var span = Telemetry.ActivitySource.StartActivity($"run {work.Kind}", ActivityKind.Internal);
        span?.SetTag("instauploader.item_id", work.Id);
        span?.SetTag("instauploader.task_id", work.TaskId);
        tracker.Started(work);
        await using var scope = scopes.CreateAsyncScope();
        var web = scope.ServiceProvider.GetRequiredService<WebApiClient>();
        using var itemCts = CancellationTokenSource.CreateLinkedTokenSource(abort);
        using var lease = leases.Hold(work, itemCts);

        WorkOutcome outcome;
        var context = ActivatorUtilities.CreateInstance<WorkContext>(scope.ServiceProvider, work);
        try
        {
            outcome = runners.Find(work.Kind) is { } runner
                ? await runner.RunAsync(work, context, itemCts.Token)
                : WorkOutcome.Fail($"This worker has no runner for kind '{work.Kind}'.");
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            logger.LogInformation("Handing item {Id} back: worker is stopping", work.Id);
            await web.ReleaseAsync(work.Id, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            tracker.Finished(work, false);
            return;
        }
        catch (OperationCanceledException) when (itemCts.IsCancellationRequested)
        {
            // The lease is gone (task cancelled, item rescued or claimed anew): the item is someone else's now, and a
            // finish from here would be refused, or, were this process to hold the item again, taken for the new run's.
            logger.LogWarning("Stopped item {Id}: its lease is gone; nothing reported", work.Id);
            activity.Completed(false);
            tracker.Finished(work, false);
            return;
        }
        catch (OperationCanceledException)
        {
            outcome = WorkOutcome.Fail("Lease lost (task cancelled or item rescued); stopped.");
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Runner for {Kind} item {Id} crashed", work.Kind, work.Id);
            outcome = WorkOutcome.Fail($"Unexpected error: {ex.Message}", retryable: true);
            await web.ReportErrorAsync(ex.Message, work.Kind, work.ItemId, CancellationToken.None)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            await context.DisposeAsync();
        }

        lease.Dispose();
        await itemCts.CancelAsync();
        CompleteAnswer? answer = null;
        try
        {
            answer = work.ItemId is not null
                ? await completions.CompleteAsync(work, outcome, TimeSpan.FromSeconds(options.Value.LeaseSeconds))
                : await web.CompleteAsync(work, outcome, CancellationToken.None);
            if (answer is null)
            {
                logger.LogWarning("Item {Id} finished but its lease was no longer ours; result dropped", work.Id);
            }
        }
        catch (Exception ex)
        {
            // The lease expires and the rescuer returns the item: the Web stays the source of truth.
            logger.LogError("Could not report item {Id}: {Error}", work.Id, ex.Message);
        }

        activity.Completed(outcome.Success);
        tracker.Finished(work, outcome.Success);
        if (answer?.RunAfter is { } due)
        {
            // The item is due again after the Web's backoff: look then rather than at the next fallback poll.
            var wait = due - time.GetUtcNow();
            WakeAfter((wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + TimeSpan.FromMilliseconds(200));
        }
    }

    private async Task DrainAsync()
    {
        Task[] running;
        lock (_running)
        {
            running = [.. _running.Where(t => !t.IsCompleted)];
        }

        if (running.Length == 0)
        {
            return;
        }

        logger.LogInformation("Stopping: waiting up to {Seconds}s for {Count} running item(s)", options.Value.ShutdownGraceSeconds, running.Length);
        var all = Task.WhenAll(running);
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(options.Value.ShutdownGraceSeconds), time)) != all)
        {
            await _abortItems.CancelAsync();
            await all.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
