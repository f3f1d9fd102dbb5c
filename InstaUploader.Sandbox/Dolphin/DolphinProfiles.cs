using System.Collections.Concurrent;
using System.Globalization;

namespace InstaUploader.Sandbox.Dolphin;

/// <summary>
/// Browser profiles the stand-in knows. Unlike the real app, starting an unknown id creates it on the fly,
/// so a test can name any profile id it likes without setting it up first.
/// </summary>
public sealed class DolphinProfiles
{
    private long _nextId = 100_000;
    private readonly ConcurrentDictionary<string, DolphinProfile> _profiles = new(StringComparer.Ordinal);

    public IReadOnlyCollection<DolphinProfile> All => [.. _profiles.Values.OrderBy(p => p.Id, StringComparer.Ordinal)];

    public DolphinProfile Create(string? name, DolphinProxy? proxy)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var profile = new DolphinProfile { Id = id, Name = string.IsNullOrWhiteSpace(name) ? $"Profile {id}" : name, Proxy = proxy };
        _profiles[id] = profile;
        return profile;
    }

    public DolphinProfile GetOrCreate(string id) =>
        _profiles.GetOrAdd(id, key => new DolphinProfile { Id = key, Name = $"Profile {key}" });

    public DolphinProfile? Find(string id) => _profiles.TryGetValue(id, out var p) ? p : null;

    public bool Delete(string id) => _profiles.TryRemove(id, out _);
}
