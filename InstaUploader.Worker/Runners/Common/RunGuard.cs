using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Runners.Common;

/// <summary>
/// Runs a runner's body and turns Instagram, Dolphin and browser failures into the queue's outcome (with a clear
/// line in the item log). Unexpected errors are logged and rethrown: the job manager reports them and retries.
/// </summary>
public sealed class RunGuard(IOptions<RunnerOptions> options, ILogger<RunGuard> logger)
{
    public RunnerOptions Options => options.Value;

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, WorkAccount account, Func<Task<WorkOutcome>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is not OperationCanceledException && RunFailure.From(e, account, options.Value) is { } failure)
        {
            var givingUp = !failure.Retryable || RunFailure.IsLastAttempt(work);
            await context.TryLogAsync(failure.Reason + (givingUp ? "" : " (will retry)"), logger);
            return failure.ToOutcome();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await context.TryLogAsync($"Unexpected error: {e.Message}", logger);
            throw;
        }
    }
}
