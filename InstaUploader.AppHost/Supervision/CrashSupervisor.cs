using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InstaUploader.AppHost.Supervision;

/// <summary>
/// Restarts a resource marked <see cref="RestartOnCrashAnnotation"/> (each worker replica, PostgreSQL) when its
/// process dies while the AppHost runs, with exponential backoff. A resource someone stopped (dashboard's
/// Stop, passing through Stopping) is left alone.
/// </summary>
public sealed class CrashSupervisor(
    ResourceNotificationService notifications, ResourceCommandService commands, IHostApplicationLifetime lifetime,
    TimeProvider time, ILogger<CrashSupervisor> logger) : BackgroundService
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableAfter = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Replica> _replicas = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in notifications.WatchAsync(stoppingToken))
            {
                if (e.Resource.Annotations.OfType<RestartOnCrashAnnotation>().Any())
                {
                    Observe(e.ResourceId, e.Snapshot.State?.Text, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Observe(string resourceId, string? state, CancellationToken ct)
    {
        var replica = _replicas.GetOrAdd(resourceId, _ => new Replica());
        if (state == KnownResourceStates.Running)
        {
            replica.RunningSince ??= time.GetUtcNow();
            return;
        }

        if (state == KnownResourceStates.Stopping)
        {
            replica.StoppedOnPurpose = true;
        }

        if (state is not ("Exited" or "Finished") || replica.RunningSince is not { } since)
        {
            return;
        }

        replica.RunningSince = null;
        if (replica.StoppedOnPurpose || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            replica.StoppedOnPurpose = false;
            return;
        }

        replica.Crashes = time.GetUtcNow() - since > StableAfter ? 1 : replica.Crashes + 1;
        var delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(replica.Crashes - 1, 10)));
        logger.LogWarning("{Resource} exited unexpectedly (crash {Crashes}); restarting in {Delay}", resourceId, replica.Crashes, delay);
        _ = RestartLaterAsync(resourceId, delay, ct);
    }

    private async Task RestartLaterAsync(string resourceId, TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct);
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, ct);
            if (!result.Success)
            {
                logger.LogWarning("Restart of {Resource} failed: {Error}", resourceId, result.Message);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Restart of {Resource} failed", resourceId);
        }
    }

    private sealed class Replica
    {
        public DateTimeOffset? RunningSince { get; set; }
        public bool StoppedOnPurpose { get; set; }
        public int Crashes { get; set; }
    }
}
