namespace InstaUploader.Worker.Runners;

/// <summary>Finds the runner for a kind among the registered IWorkRunner implementations.</summary>
public sealed class RunnerRegistry(IEnumerable<IWorkRunner> runners)
{
    private readonly Dictionary<string, IWorkRunner> _byKind = runners
        .SelectMany(r => r.Kinds.Select(k => (k, r)))
        .ToDictionary(x => x.k, x => x.r, StringComparer.Ordinal);

    public IWorkRunner? Find(string kind) => _byKind.GetValueOrDefault(kind);

    public IReadOnlyCollection<string> Kinds => _byKind.Keys;
}
