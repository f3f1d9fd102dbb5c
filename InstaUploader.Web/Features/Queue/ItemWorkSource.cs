using System.Globalization;
using System.Text.Json;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.WorkerApi;

namespace InstaUploader.Web.Features.Queue;

/// <summary>Upload work items (every task kind) as a source of the claim protocol; ids are the items' numeric keys.</summary>
public sealed class ItemWorkSource(WorkItems items, WorkPayloads payloads) : IWorkSource
{
    public int Rank => 0;

    public IReadOnlyCollection<string> Kinds => TaskKinds.All;

    public bool Serves(string? kind, int? taskId) => kind is null || TaskKinds.IsKnown(kind);

    public async Task<object?> ClaimNextAsync(string owner, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct) =>
        await items.ClaimNextAsync(owner, kind, taskId, lease, ct) is { } claimed ? await payloads.ClaimedItemAsync(claimed, ct) : null;

    public async Task<List<object>> ClaimManyAsync(string owner, int limit, string? kind, int? taskId, TimeSpan? lease, CancellationToken ct) =>
        await payloads.ClaimedItemsAsync(await items.ClaimManyAsync(owner, limit, kind, taskId, lease, ct), ct);

    public async Task<IResult?> ReportAsync(string id, string owner, JsonElement body, CancellationToken ct)
    {
        // Only ids this source issued are read: its keys are bigints.
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var itemId))
        {
            return null;
        }

        var (command, error) = QueueApi.ParseCompletion(body);
        if (command is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Field] = [error.Message] });
        }

        var result = await items.CompleteAsync(itemId, owner, command, ct);
        return result switch
        {
            { Found: false } => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No query {itemId}."),
            { Owned: false } => TypedResults.Problem(statusCode: 409, title: "Conflict",
                detail: $"Query {itemId} is not in progress under a lease held by '{owner}'."),
            _ => TypedResults.Ok(QueueApi.AnswerOf(result.Item!)),
        };
    }

    public Task<int> RescueExpiredAsync(CancellationToken ct) => items.RescueExpiredAsync(ct);

    public Task<int> CountBecameDueAsync(DateTimeOffset after, DateTimeOffset until, CancellationToken ct) =>
        items.CountBecameDueAsync(after, until, ct);
}
