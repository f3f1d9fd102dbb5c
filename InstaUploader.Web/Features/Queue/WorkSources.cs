using System.Text.Json;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// The router over every <see cref="IWorkSource"/>: a claim takes from the sources that serve it in rank order, a report
/// goes to the source that issued the id (each is offered it in turn; only its issuer answers).
/// </summary>
public sealed class WorkSources(IEnumerable<IWorkSource> sources)
{
    private readonly IWorkSource[] _sources = [.. sources.OrderBy(s => s.Rank)];

    /// <summary>Every kind a worker may claim, in rank order.</summary>
    public IReadOnlyList<string> Kinds => [.. _sources.SelectMany(s => s.Kinds)];

    public IReadOnlyList<IWorkSource> All => _sources;

    public async Task<object?> ClaimNextAsync(string owner, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct)
    {
        foreach (var source in _sources.Where(s => s.Serves(kind, taskId)))
        {
            if (await source.ClaimNextAsync(owner, kind, taskId, lease, ct) is { } claimed)
            {
                return claimed;
            }
        }

        return null;
    }

    public async Task<List<object>> ClaimManyAsync(string owner, int limit, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct)
    {
        var claimed = new List<object>(limit);
        foreach (var source in _sources.Where(s => s.Serves(kind, taskId)))
        {
            if (claimed.Count >= limit)
            {
                break;
            }

            claimed.AddRange(await source.ClaimManyAsync(owner, limit - claimed.Count, kind, taskId, lease, ct));
        }

        return claimed;
    }

    /// <summary>The issuing source's answer to a report on <paramref name="id"/>; null when no source issued it.</summary>
    public async Task<IResult?> ReportAsync(string id, string owner, JsonElement body, CancellationToken ct)
    {
        foreach (var source in _sources)
        {
            if (await source.ReportAsync(id, owner, body, ct) is { } answer)
            {
                return answer;
            }
        }

        return null;
    }
}
