using System.Threading.Channels;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.WebApi;

namespace InstaUploader.Worker.Jobs;

/// <summary>
/// Reports finished items to the Web in batches (group commit): while one batch is in flight, the next ones queue up
/// and go together in one request. A quiet worker sends each completion at once; a busy one sends one request for many.
/// A batch the Web cannot take is retried with backoff until its items' leases would have run out anyway (the
/// rescuer then returns them).
/// </summary>
public sealed class CompletionBatcher(IServiceScopeFactory scopes, LogShipper logs, TimeProvider time, ILogger<CompletionBatcher> logger)
{
    private const int MaxBatch = 100;

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _flusher;

    /// <summary>Null when the lease was no longer ours; throws when the Web could not be told before <paramref name="giveUpAfter"/>.</summary>
    public Task<CompleteAnswer?> CompleteAsync(ClaimedWork work, WorkOutcome outcome, TimeSpan giveUpAfter)
    {
        if (_flusher is null)
        {
            lock (_pending)
            {
                _flusher ??= Task.Run(FlushLoopAsync);
            }
        }
        var pending = new Pending(work, outcome, time.GetUtcNow() + giveUpAfter);
        _pending.Writer.TryWrite(pending);
        return pending.Answer.Task;
    }

    private async Task FlushLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            // An item's log lines reach the Web before its completion does.
            await logs.FlushedAsync();
            for (var failures = 0; batch.Count > 0;)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var answers = await scope.ServiceProvider.GetRequiredService<WebApiClient>()
                        .CompleteManyAsync([.. batch.Select(p => (p.Work, p.Outcome))], CancellationToken.None);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Answer.TrySetResult(answers[i]);
                    }

                    break;
                }
                catch (Exception ex)
                {
                    failures++;
                    logger.LogWarning("Reporting {Count} finished item(s) failed: {Error}; retrying", batch.Count, ex.Message);
                    var now = time.GetUtcNow();
                    foreach (var expired in batch.Where(p => p.GiveUpAt <= now))
                    {
                        expired.Answer.TrySetException(ex);
                    }

                    batch.RemoveAll(p => p.GiveUpAt <= now);
                    await Task.Delay(RetryBackoff.After(failures), time);
                }
            }
        }
    }

    private sealed record Pending(ClaimedWork Work, WorkOutcome Outcome, DateTimeOffset GiveUpAt)
    {
        public TaskCompletionSource<CompleteAnswer?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
