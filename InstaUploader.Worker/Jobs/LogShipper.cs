using InstaUploader.Contracts.Queue;
using InstaUploader.Contracts.Status;
using System.Threading.Channels;
using InstaUploader.Worker.WebApi;

namespace InstaUploader.Worker.Jobs;

/// <summary>
/// Item log lines and counters leave the worker in batches (POST /api/logs/batch/): runners only enqueue, one sender
/// sends whatever has gathered while its previous batch was in flight, so a quiet worker sends each line at once and a
/// busy one many in one request. A batch keeps its Idempotency-Key across retries, so a retry after a lost answer
/// applies once; it is retried until the Web takes it (a count stands for something already done on Instagram, so it
/// waits out a Web or database outage). Completions wait for what was enqueued before them
/// (<see cref="FlushedAsync"/>), and stopping the worker sends what is left.
/// </summary>
public sealed class LogShipper(IServiceScopeFactory scopes, TimeProvider time, ILogger<LogShipper> logger) : IHostedService
{
    private const int MaxBatch = 500;
    private const int MaxLine = 10_000;
    private static readonly TimeSpan StopFlushLimit = TimeSpan.FromSeconds(15);

    private readonly Channel<Entry> _entries = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _giveUp = new();
    private readonly object _gate = new();
    private readonly List<(long Seq, TaskCompletionSource Done)> _waiters = [];
    private long _enqueued;
    private long _sent;
    private Task _sender = Task.CompletedTask;

    public void Enqueue(long itemId, string line)
    {
        var clean = line.Replace('\0', ' ').TrimEnd();
        if (clean.Length == 0)
        {
            // The Web refuses a blank line, and with it the whole batch.
            return;
        }

        Write(itemId, clean.Length <= MaxLine ? clean : clean[..MaxLine], null);
    }

    /// <summary>Adds <paramref name="counters"/> (success, failed, likes, follows, viewed) to the item, in the next batch.</summary>
    public void EnqueueCounters(long itemId, IReadOnlyDictionary<string, int> counters) =>
        Write(itemId, null, new LogBatchCounters(
            itemId, counters.GetValueOrDefault(CounterNames.Success), counters.GetValueOrDefault(CounterNames.Failed),
            counters.GetValueOrDefault(CounterNames.Likes), counters.GetValueOrDefault(CounterNames.Follows), counters.GetValueOrDefault(CounterNames.Viewed)));

    private void Write(long itemId, string? line, LogBatchCounters? counters)
    {
        lock (_gate)
        {
            _entries.Writer.TryWrite(new Entry(itemId, line, counters, ++_enqueued));
        }
    }

    /// <summary>Completes once everything enqueued before the call has been sent (or given up on).</summary>
    public Task FlushedAsync()
    {
        lock (_gate)
        {
            if (Interlocked.Read(ref _sent) >= _enqueued)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_enqueued, done));
            return done.Task;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sender = Task.Run(SendLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Registered before the claim loop, so it stops after it: the drained items' last lines are in the channel.
        _entries.Writer.TryComplete();
        _giveUp.CancelAfter(StopFlushLimit);
        await _sender.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task SendLoopAsync()
    {
        var batch = new List<Entry>(MaxBatch);
        while (await _entries.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _entries.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await SendAsync(batch);
            Interlocked.Exchange(ref _sent, batch[^1].Seq);
            lock (_gate)
            {
                foreach (var waiter in _waiters.Where(w => w.Seq <= batch[^1].Seq).ToList())
                {
                    waiter.Done.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }

    private async Task SendAsync(List<Entry> batch)
    {
        var lines = batch.Where(e => e.Line is not null).Select(e => (e.Item, e.Line!)).ToList();
        // Counts add up, so one entry per item carries them all.
        var counters = batch.Where(e => e.Counters is not null).GroupBy(e => e.Item).Select(g => new LogBatchCounters(
            g.Key, g.Sum(e => e.Counters!.Success), g.Sum(e => e.Counters!.Failed), g.Sum(e => e.Counters!.Likes),
            g.Sum(e => e.Counters!.Follows), g.Sum(e => e.Counters!.Viewed))).ToList();
        var key = Guid.NewGuid().ToString("n");
        for (var failures = 0; ; failures++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<WebApiClient>().SendLogBatchAsync(lines, counters, key, _giveUp.Token);
                return;
            }
            catch (HttpRequestException ex) when (ex.StatusCode is { } status && !WebApiClient.IsTransient(status))
            {
                logger.LogError("The Web refused {Lines} log line(s) and {Counters} item count(s): {Error}; dropped", lines.Count, counters.Count, ex.Message);
                return;
            }
            catch (Exception ex) when (!_giveUp.IsCancellationRequested)
            {
                logger.LogWarning("Sending {Lines} log line(s) and {Counters} item count(s) failed: {Error}; retrying", lines.Count, counters.Count, ex.Message);
                await Task.Delay(RetryBackoff.After(failures + 1), time, _giveUp.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception ex)
            {
                logger.LogError("Stopping: {Lines} log line(s) and {Counters} item count(s) could not be sent: {Error}", lines.Count, counters.Count, ex.Message);
                return;
            }
        }
    }

    private sealed record Entry(long Item, string? Line, LogBatchCounters? Counters, long Seq);
}
