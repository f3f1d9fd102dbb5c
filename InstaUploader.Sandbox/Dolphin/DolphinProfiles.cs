using System.Collections.Concurrent;
using System.Globalization;

namespace InstaUploader.Sandbox.Dolphin;

/// <summary>
/// The browser profiles of the signed-in Dolphin team: created and deleted through the remote API, started and
/// stopped through the local API (one store, as the real local app syncs its profile list from the remote API).
/// </summary>
public sealed class DolphinProfiles
{
    private long _nextId = 100_000;
    private readonly ConcurrentDictionary<string, DolphinProfile> _profiles = new(StringComparer.Ordinal);

    public IReadOnlyCollection<DolphinProfile> All => [.. _profiles.Values.OrderBy(p => p.Id, StringComparer.Ordinal)];

    /// <summary>Stores a new profile under the next numeric id (real ids are integers).</summary>
    public DolphinProfile Add(Func<string, DolphinProfile> create)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var profile = create(id);
        _profiles[id] = profile;
        return profile;
    }

    /// <summary>A profile under an id of the caller's choosing (the control API's test setup); an existing one is kept.</summary>
    public DolphinProfile Seed(string id, string? name) =>
        _profiles.GetOrAdd(id, key => new DolphinProfile { Id = key, Name = string.IsNullOrWhiteSpace(name) ? $"Profile {key}" : name });

    public DolphinProfile? Find(string id) => _profiles.TryGetValue(id, out var p) ? p : null;

    public bool Delete(string id) => _profiles.TryRemove(id, out _);
}
