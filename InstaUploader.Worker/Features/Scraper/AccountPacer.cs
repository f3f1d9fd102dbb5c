using System.Collections.Concurrent;

namespace InstaUploader.Worker.Features.Scraper;

/// <summary>
/// Per-account request pacing inside this worker: one request at a time per account, at least
/// <see cref="ScrapeRunnerOptions.RequestIntervalMs"/> apart, and no request before a 429's backoff ends.
/// </summary>
public sealed class AccountPacer(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for the account's turn; dispose the result when the request is done.</summary>
    public async Task<IDisposable> WaitTurnAsync(string account, TimeSpan interval, CancellationToken ct)
    {
        var slot = _slots.GetOrAdd(account, _ => new Slot());
        await slot.Gate.WaitAsync(ct);
        try
        {
            var wait = slot.NextAt - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, ct);
            }

            slot.NextAt = time.GetUtcNow() + interval;
            return new Turn(slot.Gate);
        }
        catch
        {
            slot.Gate.Release();
            throw;
        }
    }

    /// <summary>Pushes the account's next request at least <paramref name="backoff"/> away.</summary>
    public void Penalize(string account, TimeSpan backoff)
    {
        var slot = _slots.GetOrAdd(account, _ => new Slot());
        var until = time.GetUtcNow() + backoff;
        if (until > slot.NextAt)
        {
            slot.NextAt = until;
        }
    }

    private sealed class Slot
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public DateTimeOffset NextAt { get; set; }
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
