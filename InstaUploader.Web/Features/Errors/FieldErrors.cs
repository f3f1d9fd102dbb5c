namespace InstaUploader.Web.Features.Errors;

/// <summary>Collects validation messages per snake_case field name.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public int Count => errors.Values.Sum(e => e.Count);

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>"username: must be ...; password: is required" for one-line reports (imports).</summary>
    public override string ToString() =>
        string.Join("; ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")));
}
