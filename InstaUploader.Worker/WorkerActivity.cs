using InstaUploader.Contracts.Registry;
namespace InstaUploader.Worker;

/// <summary>What this replica is doing right now, for heartbeats, /api/v1/status and metrics.</summary>
public sealed class WorkerActivity
{
    private int _active;
    private long _completed;
    private long _failed;

    public int ActiveJobs => Volatile.Read(ref _active);

    public IDisposable Begin()
    {
        Interlocked.Increment(ref _active);
        return new End(this);
    }

    public long CompletedCount => Interlocked.Read(ref _completed);

    public long FailedCount => Interlocked.Read(ref _failed);

    public void Completed(bool ok) => Interlocked.Increment(ref ok ? ref _completed : ref _failed);

    public WorkerMetrics Metrics() => new(ActiveJobs, CompletedCount, FailedCount);

    private sealed class End(WorkerActivity owner) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref owner._active);
            }
        }
    }
}
