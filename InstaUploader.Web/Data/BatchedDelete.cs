namespace InstaUploader.Web.Data;

/// <summary>Runs a DELETE of at most <c>batch</c> rows until one removes fewer: no long lock on a large backlog.</summary>
public static class BatchedDelete
{
    public static async Task<int> RepeatAsync(Func<CancellationToken, Task<int>> deleteBatch, int batch, CancellationToken ct)
    {
        var total = 0;
        int removed;
        do
        {
            removed = await deleteBatch(ct);
            total += removed;
        }
        while (removed == batch);

        return total;
    }
}
