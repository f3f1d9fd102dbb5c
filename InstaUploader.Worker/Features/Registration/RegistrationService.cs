using InstaUploader.Worker.WebApi;

namespace InstaUploader.Worker.Features.Registration;

/// <summary>
/// Registers this replica with the Web and keeps heartbeating; re-registers when the Web forgot it. Ends the host only
/// when an operator asked for a restart (the heartbeat's answer says so): a Web that is down or stalled only delays the
/// next beat.
/// </summary>
public sealed class RegistrationService(
    IServiceScopeFactory scopes,
    WorkerActivity activity,
    WorkerAddress address,
    FreshStartGate gate,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<RegistrationService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>A metrics sample for the Web's history on the first heartbeat and then every minute (heartbeats carry only the latest).</summary>
    private const int MetricsEveryBeats = 6;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The announced address is the one Kestrel bound, known only once the server has started.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var publicUrl = await address.ResolveAsync(stoppingToken);
        var registered = false;
        var beats = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var web = scope.ServiceProvider.GetRequiredService<WebApiClient>();
                if (!registered)
                {
                    await gate.RegisterAsync(async fresh =>
                    {
                        using var r = await web.RegisterAsync(publicUrl, address.NudgeToken, fresh, stoppingToken);
                        r.EnsureSuccessStatusCode();
                    }, stoppingToken);
                    registered = true;
                    logger.LogInformation("Registered with the Web as {WorkerUrl}", publicUrl);
                }
                else
                {
                    var beat = await web.HeartbeatAsync(activity.ActiveJobs, activity.Metrics(), stoppingToken);
                    registered = beat is not null;
                    if (beat is { RestartRequested: true })
                    {
                        // A graceful stop: running items finish or are released; the orchestrator (the AppHost's
                        // supervisor, Kubernetes) starts the process again.
                        logger.LogWarning("An operator asked this worker to restart; stopping");
                        lifetime.StopApplication();
                        return;
                    }

                    if (beats++ % MetricsEveryBeats == 0)
                    {
                        using var m = await web.ReportMetricsAsync(activity.Metrics(), stoppingToken);
                        m.EnsureSuccessStatusCode();
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Any failure (refused, 5xx, a stalled Web's timeout from the resilience pipeline) is the Web's
                // trouble, not a reason for this replica to stop: keep beating.
                logger.LogWarning("Registration/heartbeat failed: {Error}", ex.Message);
            }

            try
            {
                await Task.Delay(registered ? Interval : TimeSpan.FromSeconds(2), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
