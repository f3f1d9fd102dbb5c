using System.Text.Json;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Canary;

/// <summary>
/// Queues the scheduled canary when it is due. "Due" is read from the database (no web_canary task created within
/// the interval), so a restart or a change of upkeep leader neither skips a run nor queues a second one.
/// </summary>
public sealed class CanarySchedule(AppDbContext db, TaskService tasks, IOptions<CanaryOptions> options, TimeProvider time, ILogger<CanarySchedule> logger)
{
    public const string TaskName = "Scheduled web canary";
    public const string RunNowName = "Web canary (run by an operator)";

    /// <summary>Creates and starts a one-item web_canary task if one is due; answers its id, or null when none was queued.</summary>
    public async Task<int?> EnqueueIfDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return null;
        }

        var since = time.GetUtcNow() - o.Interval;
        if (await db.Tasks.AnyAsync(t => t.Kind == TaskKinds.WebCanary && t.CreatedAt > since, ct))
        {
            return null;
        }

        return await StartAsync(TaskName, ct);
    }

    /// <summary>Creates and starts a one-item web_canary task now, whatever the schedule; null when no canary account is set or known.</summary>
    public async Task<int?> RunNowAsync(CancellationToken ct) => options.Value.Enabled ? await StartAsync(RunNowName, ct) : null;

    private async Task<int?> StartAsync(string name, CancellationToken ct)
    {
        var o = options.Value;
        var username = o.Account!.Trim().TrimStart('@');
        if (await db.Accounts.Where(a => a.Username == username).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct) is not { } accountId)
        {
            logger.LogWarning("Canary:Account {Username} is not an account of the Web; the scheduled canary does not run", username);
            return null;
        }

        var outcome = await tasks.CreateAsync(new CreateTaskRequest
        {
            Kind = TaskKinds.WebCanary,
            Name = name,
            AccountIds = [accountId],
            Options = JsonSerializer.SerializeToElement(new { profile = string.IsNullOrWhiteSpace(o.Profile) ? null : o.Profile.Trim() }),
            Start = true,
            // A mismatch will not go away by trying again; the next interval runs a fresh one.
            MaxAttempts = 1,
        }, ct);
        if (outcome.Task is null)
        {
            logger.LogWarning("The scheduled canary was not queued: {Detail}", outcome.Detail ?? string.Join("; ", outcome.Errors?.SelectMany(e => e.Value) ?? []));
        }

        return outcome.Task?.Id;
    }
}
