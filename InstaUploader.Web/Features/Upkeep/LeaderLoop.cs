namespace InstaUploader.Web.Features.Upkeep;

/// <summary>
/// A periodic upkeep job that runs on the <see cref="UpkeepLeader"/> replica only: every <see cref="Interval"/> the
/// leader runs one pass; a failed pass is logged and the next one tries again.
/// </summary>
public abstract class LeaderLoop(UpkeepLeader leader, TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time { get; } = time;

    protected ILogger Logger { get; } = logger;

    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!leader.IsLeader)
            {
                continue;
            }

            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Logger.LogWarning(ex, "{Job} failed; the next pass tries again", GetType().Name);
            }
        }
    }
}
