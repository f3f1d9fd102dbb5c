using System.Collections.Concurrent;
using InstaUploader.Contracts.Control;
using InstaUploader.Worker.Runners;

namespace InstaUploader.Worker.Jobs;

/// <summary>
/// This replica's view of its jobs for GET /api/v1/jobs (docs/protocol.md#worker-api): one job per start call, with the items
/// of that task this replica ran. Informational only: the durable state lives in the Web's database.
/// </summary>
public sealed class JobTracker(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new();

    public Job Accept(string kind, int? taskId, StartOptions? options)
    {
        var job = new Job(Guid.NewGuid().ToString(), kind, taskId, options, time.GetUtcNow());
        _jobs[job.JobId] = job;
        return job;
    }

    public Job? Get(string jobId) => _jobs.TryGetValue(jobId, out var job) ? job : null;

    public IReadOnlyList<Job> All => [.. _jobs.Values.OrderByDescending(j => j.AcceptedAt)];

    public void Started(ClaimedWork work)
    {
        foreach (var job in ForTask(work))
        {
            Interlocked.Increment(ref job.RunningCount);
        }
    }

    public void Finished(ClaimedWork work, bool success)
    {
        foreach (var job in ForTask(work))
        {
            Interlocked.Decrement(ref job.RunningCount);
            Interlocked.Increment(ref success ? ref job.DoneCount : ref job.FailedCount);
            job.LastActivityAt = time.GetUtcNow();
        }
    }

    private IEnumerable<Job> ForTask(ClaimedWork work) =>
        _jobs.Values.Where(j => j.TaskId == work.TaskId && (j.Kind == work.Kind || j.Kind == "any"));

    public sealed class Job(string jobId, string kind, int? taskId, StartOptions? options, DateTimeOffset acceptedAt)
    {
        public int RunningCount;
        public int DoneCount;
        public int FailedCount;

        public string JobId { get; } = jobId;
        public string Kind { get; } = kind;
        public int? TaskId { get; } = taskId;
        public StartOptions? Options { get; } = options;
        public DateTimeOffset AcceptedAt { get; } = acceptedAt;
        public DateTimeOffset? LastActivityAt { get; set; }

        /// <summary>Our word for the job: accepted (nothing run yet), running, idle (ran items, none running now).</summary>
        public string State => Volatile.Read(ref RunningCount) > 0 ? "running" : DoneCount + FailedCount > 0 ? "idle" : "accepted";

        /// <summary>The original JobStatus word: PENDING until an item runs, FAILED when every item it ran failed.</summary>
        public string Status => State switch
        {
            "running" => JobStatuses.Running,
            "accepted" => JobStatuses.Pending,
            _ => DoneCount == 0 && FailedCount > 0 ? JobStatuses.Failed : JobStatuses.Completed,
        };
    }
}
