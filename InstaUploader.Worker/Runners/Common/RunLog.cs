namespace InstaUploader.Worker.Runners.Common;

/// <summary>Item-log helpers for the paths where a failed log write must not hide the run's own outcome.</summary>
public static class RunLog
{
    public static async Task TryLogAsync(this IWorkContext context, string line, ILogger logger)
    {
        try
        {
            await context.LogAsync(line, CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Could not write the item log: {Error}", e.Message);
        }
    }

    public static Task CountAsync(this IWorkContext context, string counter, int value, CancellationToken ct) =>
        value <= 0 ? Task.CompletedTask : context.AddCountersAsync(new Dictionary<string, int> { [counter] = value }, ct);
}
