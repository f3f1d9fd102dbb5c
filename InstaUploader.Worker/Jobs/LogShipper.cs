using System.Net;
using System.Threading.Channels;
using InstaUploader.Worker.WebApi;

namespace InstaUploader.Worker.Jobs;

/// <summary>
/// Item log lines leave the worker in batches (POST /api/logs/batch/): runners only enqueue, one sender sends whatever
/// has gathered while its previous batch was in flight. A batch keeps its Idempotency-Key across retries, so a retry
/// after a lost answer appends once. Completions wait for the lines logged before them (<see cref="FlushedAsync"/>),
/// and stopping the worker sends what is left.
/// </summary>
public sealed class LogShipper(IServiceScopeFactory scopes, TimeProvider time, ILogger<LogShipper> logger) : IHostedService
{
    private const int MaxBatch = 500;
    private const int MaxLine = 10_000;
    private static readonly TimeSpan StopFlushLimit = TimeSpan.FromSeconds(15);

    private readonly Channel<(long Item, string Line, long Seq)> _lines = Channel.CreateUnbounded<(long, string, long)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _giveUp = new();
    private readonly object _gate = new();
    private readonly List<(long Seq, TaskCompletionSource Done)> _waiters = [];
    private long _enqueued;
    private long _sent;
    private Task _sender = Task.CompletedTask;

    public void Enqueue(long itemId, string line)
    {
        var clean = line.Replace('\0', ' ');
        clean = clean.Length <= MaxLine ? clean : clean[..MaxLine];
        lock (_gate)
        {
            _lines.Writer.TryWrite((itemId, clean, ++_enqueued));
        }
    }

    /// <summary>Completes once every line enqueued before the call has been sent (or given up on).</summary>
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
        _lines.Writer.TryComplete();
        _giveUp.CancelAfter(StopFlushLimit);
        await _sender.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task SendLoopAsync()
    {
        var batch = new List<(long Item, string Line, long Seq)>(MaxBatch);
        while (await _lines.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _lines.Reader.TryRead(out var next))
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

    private async Task SendAsync(List<(long Item, string Line, long Seq)> batch)
    {
        var key = Guid.NewGuid().ToString("n");
        for (var failures = 0; ; failures++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<WebApiClient>()
                    .LogManyAsync([.. batch.Select(l => (l.Item, l.Line))], key, _giveUp.Token);
                return;
            }
            catch (HttpRequestException ex) when (ex.StatusCode is >= HttpStatusCode.BadRequest and < HttpStatusCode.InternalServerError
                                                  and not HttpStatusCode.RequestTimeout and not HttpStatusCode.TooManyRequests)
            {
                logger.LogError("The Web refused {Count} log line(s): {Error}; dropped", batch.Count, ex.Message);
                return;
            }
            catch (Exception ex) when (!_giveUp.IsCancellationRequested)
            {
                logger.LogWarning("Sending {Count} log line(s) failed: {Error}; retrying", batch.Count, ex.Message);
                await Task.Delay(RetryBackoff.After(failures + 1), time, _giveUp.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (Exception ex)
            {
                logger.LogError("Stopping: {Count} log line(s) could not be sent: {Error}", batch.Count, ex.Message);
                return;
            }
        }
    }
}
