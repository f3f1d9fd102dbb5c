using System.Collections.Concurrent;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>Publishes resource state changes and lets callers wait for a state, as Aspire's service of the same name.</summary>
public sealed class ResourceNotificationService
{
    private readonly ConcurrentDictionary<(string Resource, int Replica), ResourceSnapshot> _snapshots = new();
    private readonly List<(Func<bool> Done, TaskCompletionSource Signal)> _waiters = [];
    private readonly Dictionary<string, int> _replicaCounts = new(StringComparer.OrdinalIgnoreCase);

    public event Action<ResourceSnapshot>? Changed;

    public IReadOnlyList<ResourceSnapshot> Snapshots =>
        [.. _snapshots.Values.OrderBy(s => s.Resource, StringComparer.Ordinal).ThenBy(s => s.Replica)];

    internal void Declare(string resource, int replicas)
    {
        lock (_waiters)
        {
            _replicaCounts[resource] = replicas;
        }
    }

    public void PublishUpdate(ResourceSnapshot snapshot)
    {
        _snapshots[(snapshot.Resource, snapshot.Replica)] = snapshot;
        Changed?.Invoke(snapshot);
        lock (_waiters)
        {
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Done())
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    public ResourceSnapshot? Get(string resource, int replica = -1) =>
        _snapshots.TryGetValue((resource, replica), out var s) ? s : null;

    public IReadOnlyList<ResourceSnapshot> GetAll(string resource) =>
        [.. _snapshots.Values.Where(s => string.Equals(s.Resource, resource, StringComparison.OrdinalIgnoreCase)).OrderBy(s => s.Replica)];

    /// <summary>Waits until every replica of <paramref name="resource"/> is in <paramref name="state"/>.</summary>
    public Task WaitForResourceAsync(string resource, string state, CancellationToken ct = default) =>
        WaitAsync(() => AllReplicas(resource, s => s.State == state), ct);

    /// <summary>Waits until every replica of <paramref name="resource"/> is running and healthy.</summary>
    public Task WaitForResourceHealthyAsync(string resource, CancellationToken ct = default) =>
        WaitAsync(() => AllReplicas(resource, s => s.State == KnownResourceStates.Running && s.Health == HealthStatus.Healthy), ct);

    public Task WaitAsync(Func<bool> condition, CancellationToken ct)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (condition())
            {
                return Task.CompletedTask;
            }

            _waiters.Add((condition, tcs));
        }

        return tcs.Task.WaitAsync(ct);
    }

    private bool AllReplicas(string resource, Func<ResourceSnapshot, bool> predicate)
    {
        var all = GetAll(resource);
        var expected = _replicaCounts.TryGetValue(resource, out var n) ? n : 1;
        return all.Count >= expected && all.All(predicate);
    }
}
