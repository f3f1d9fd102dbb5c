using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace InstaUploader.AppHost.Supervision;

/// <summary>
/// The first resource that fails to start stops the run: its reason on one console line and a non-zero exit
/// code, where its dependents would otherwise wait forever.
/// </summary>
public sealed class FailedStartWatcher(
    ResourceNotificationService notifications, ResourceLoggerService logs, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in notifications.WatchAsync(stoppingToken))
            {
                if (e.Snapshot.State?.Text == KnownResourceStates.FailedToStart)
                {
                    var reason = await LastErrorAsync(e.ResourceId, stoppingToken);
                    await Console.Error.WriteLineAsync($"InstaUploader: {e.ResourceId} failed to start{(reason is null ? "" : ": " + reason)}. Stopping.");
                    Environment.ExitCode = 1;
                    // Stopping while the host still starts would cancel its start instead of stopping it.
                    await StartedAsync(stoppingToken);
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private Task StartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }

    private async Task<string?> LastErrorAsync(string resourceId, CancellationToken ct)
    {
        string? last = null;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(cts.Token))
            {
                last = batch.LastOrDefault(l => l.IsErrorMessage).Content ?? (batch.Count > 0 ? batch[^1].Content : last);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return last?.Split('\n')[0].Trim();
    }
}
