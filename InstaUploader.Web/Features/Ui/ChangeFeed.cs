using InstaUploader.Web.Data;
using Npgsql;

namespace InstaUploader.Web.Features.Ui;

/// <summary>
/// Live updates for the console. Statement triggers on tasks, task_items and item_logs NOTIFY <see cref="Channel"/> with
/// the ids of the tasks a statement changed, comma-separated, in the writer's own transaction (so only committed writes are announced, whichever Web or worker made them); one
/// LISTEN connection per Web replica fans them out to every circuit. After a database outage it reconnects and raises
/// <see cref="Resync"/>, since notifications sent while it was away are lost.
/// </summary>
public sealed class ChangeFeed(IConfiguration configuration, ILogger<ChangeFeed> logger, TimeProvider time) : BackgroundService
{
    public const string Channel = "task_changes";
    private static readonly TimeSpan IdlePing = TimeSpan.FromSeconds(20);

    /// <summary>A task, one of its items or its log changed (the task id).</summary>
    public event Action<int>? TaskChanged;

    /// <summary>Notifications may have been missed (the feed reconnected): reload everything.</summary>
    public event Action? Resync;

    public bool Listening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(DatabaseConnections.DirectString(configuration))
        {
            // LISTEN needs its own long-lived session, outside the pool the DbContexts share, and never through a pooler.
            Pooling = false,
            ApplicationName = "instauploader-change-feed",
        }.ConnectionString;
        var delay = TimeSpan.FromSeconds(0.5);
        var first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Listening = true;
                delay = TimeSpan.FromSeconds(0.5);
                if (!first)
                {
                    logger.LogInformation("Change feed listening again on {Channel}", Channel);
                    Raise(Resync);
                }

                first = false;
                while (!stoppingToken.IsCancellationRequested)
                {
                    // A dead server only shows itself when we talk to it: ping when the channel has been quiet a while.
                    if (!await connection.WaitAsync(IdlePing, stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or TimeoutException or InvalidOperationException)
            {
                Listening = false;
                logger.LogWarning("Change feed lost its connection ({Error}); retrying in {Delay}", ex.Message, delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }

        Listening = false;
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        foreach (var id in e.Payload.Split(','))
        {
            if (int.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var taskId))
            {
                foreach (var handler in TaskChanged?.GetInvocationList() ?? [])
                {
                    Safe(() => ((Action<int>)handler)(taskId));
                }
            }
        }
    }

    private void Raise(Action? handlers)
    {
        foreach (var handler in handlers?.GetInvocationList() ?? [])
        {
            Safe((Action)handler);
        }
    }

    // One circuit's failing handler must not stop the others' updates or the feed.
    private void Safe(Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "A change feed subscriber failed");
        }
    }
}
