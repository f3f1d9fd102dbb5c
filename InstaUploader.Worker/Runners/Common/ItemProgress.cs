using InstaUploader.Worker.WebApi;

namespace InstaUploader.Worker.Runners.Common;

/// <summary>The counters an item has accumulated so far, over all its attempts.</summary>
public sealed record ItemCounters(int Success, int Failed, int Likes, int Follows, int Viewed)
{
    public static readonly ItemCounters None = new(0, 0, 0, 0, 0);
}

/// <summary>
/// Reads an item's counters back from the Web, so a retried item resumes where an earlier attempt (perhaps on a
/// crashed worker) stopped. The claim does not carry them; an empty counters post adds nothing and answers the totals.
/// </summary>
public sealed class ItemProgress(IServiceScopeFactory scopes)
{
    public async Task<ItemCounters> ReadAsync(ClaimedWork work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var web = scope.ServiceProvider.GetRequiredService<WebApiClient>();
        var counters = await web.ReadCountersAsync(work, ct);
        return new ItemCounters(counters.Success, counters.Failed, counters.Likes, counters.Follows, counters.Viewed);
    }
}
