using System.Text.Json;
using InstaUploader.Worker.UiApi;

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
        var ui = scope.ServiceProvider.GetRequiredService<UiApiClient>();
        var path = work.Kind == "bulk_upload" ? $"/api/bulk-accounts/{work.Id}/counters" : $"/api/{work.Kind}/accounts/{work.Id}/counters";
        using var response = await ui.SendAsync(HttpMethod.Post, path, new Dictionary<string, int>(), ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return new ItemCounters(
            PayloadJson.Int(body, "success") ?? 0, PayloadJson.Int(body, "failed") ?? 0, PayloadJson.Int(body, "likes") ?? 0,
            PayloadJson.Int(body, "follows") ?? 0, PayloadJson.Int(body, "viewed") ?? 0);
    }
}
