using System.Diagnostics;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.UiApi;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Jobs;

/// <summary>
/// The claim loop (seed 003): claims items from the Web while it has free slots (CONCURRENCY_LIMIT), runs each
/// under a renewed lease, and reports the outcome. It wakes on a push nudge (start calls, /api/process-query) and
/// otherwise polls every POLLING_INTERVAL seconds. On shutdown it stops claiming, lets running items finish
/// within the grace period and hands the rest back.
/// </summary>
public sealed class JobManager(
    IServiceScopeFactory scopes,
    IOptions<WorkerOptions> options,
    RunnerRegistry runners,
    JobTracker tracker,
    WorkerActivity activity,
    TimeProvider time,
    ILogger<JobManager> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly List<Task> _running = [];
    private readonly CancellationTokenSource _abortItems = new();

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
        using var slots = new SemaphoreSlim(o.ConcurrencyLimit, o.ConcurrencyLimit);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
                var work = await ClaimAsync(stoppingToken);
                if (work is null)
                {
                    slots.Release();
                    await WaitForNudgeAsync(TimeSpan.FromSeconds(o.PollingInterval), stoppingToken);
                    continue;
                }

                var run = Task.Run(async () =>
                {
                    try
                    {
                        await RunAsync(work, _abortItems.Token);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None);
                lock (_running)
                {
                    _running.RemoveAll(t => t.IsCompleted);
                    _running.Add(run);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Claim failed: {Error}; retrying after a pause", ex.Message);
                await WaitForNudgeAsync(TimeSpan.FromSeconds(2), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await DrainAsync();
    }

    private async Task<ClaimedWork?> ClaimAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UiApiClient>().ClaimNextAsync(null, null, options.Value.LeaseSeconds, ct);
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
        var ui = scope.ServiceProvider.GetRequiredService<UiApiClient>();
        using var itemCts = CancellationTokenSource.CreateLinkedTokenSource(abort);
        using var renewal = RenewLeaseUntilDoneAsync(ui, work, itemCts);

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
            await ui.ReleaseAsync(work.Id, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
            await ui.ReportErrorAsync(ex.Message, work.Kind, long.TryParse(work.Id, out var n) ? n : null, CancellationToken.None)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            await context.DisposeAsync();
        }

        await itemCts.CancelAsync();
        CompleteAnswer? answer = null;
        try
        {
            answer = await ui.CompleteAsync(work, outcome, CancellationToken.None);
            if (answer is null)
            {
                logger.LogWarning("Item {Id} finished but its lease was no longer ours; result dropped", work.Id);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
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

    /// <summary>Renews the lease every third of its length; cancels the item when the Web says the lease is gone.</summary>
    private Task RenewLeaseUntilDoneAsync(UiApiClient ui, ClaimedWork work, CancellationTokenSource item)
    {
        var every = TimeSpan.FromSeconds(Math.Max(1, options.Value.LeaseSeconds / 3.0));
        if (!long.TryParse(work.Id, out _))
        {
            // Scrape tasks (uuid ids) are short and leased by the scraper queue, which has no renewal route.
            return Task.CompletedTask;
        }

        return Task.Run(async () =>
        {
            while (!item.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(every, time, item.Token);
                    if (!await ui.RenewLeaseAsync(work.Id, options.Value.LeaseSeconds, item.Token))
                    {
                        await item.CancelAsync();
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (HttpRequestException ex)
                {
                    logger.LogWarning("Lease renewal for {Id} failed: {Error}", work.Id, ex.Message);
                }
            }
        });
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
