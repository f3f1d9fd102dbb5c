using InstaUploader.Contracts;
using InstaUploader.Tests.Infrastructure;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Pacing;
using InstaUploader.Web.Features.Queue;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.Pacing;

/// <summary>
/// The queue and pacing in-process over the control plane's database: the test plays the worker, so items move only
/// when it says. One data-protection provider for every context, so a claim can read what another context stored.
/// </summary>
internal sealed class PacingKit(ControlPlaneFixture fx, PacingOptions options)
{
    private static readonly IDataProtectionProvider Protection = new EphemeralDataProtectionProvider();
    private static readonly IHttpClientFactory Http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();

    public PacingOptions Options { get; } = options;

    public async Task<AppDbContext> DbAsync() => new(
        new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(await fx.ConnectionStringAsync()).UseSnakeCaseNamingConvention().Options, Protection);

    /// <summary>A queue whose completions go through pacing (as the Web wires it).</summary>
    public WorkItems Queue(AppDbContext db)
    {
        var pacingOptions = Microsoft.Extensions.Options.Options.Create(Options);
        var pacing = new AccountPacing(db, pacingOptions, TimeProvider.System,
            new PacingAlerts(db, pacingOptions, TimeProvider.System, Http, NullLogger<PacingAlerts>.Instance));
        return new WorkItems(db, Microsoft.Extensions.Options.Options.Create(new QueueOptions()), TimeProvider.System, new QueueMeters(),
            NullLogger<WorkItems>.Instance, pacing);
    }

    public PacingQueries Queries(AppDbContext db) => new(db, Microsoft.Extensions.Options.Options.Create(Options), TimeProvider.System);

    /// <summary>Accounts created <paramref name="age"/> ago (no warm-up ramp when older than RampDays).</summary>
    public async Task<List<Account>> AccountsAsync(string prefix, int count, TimeSpan age)
    {
        await using var db = await DbAsync();
        var now = DateTimeOffset.UtcNow;
        var accounts = Enumerable.Range(0, count).Select(i => new Account
        {
            Username = OperatorApi.Unique($"{prefix}{i}"), Password = "s3cret!", CreatedAt = now - age, UpdatedAt = now,
        }).ToList();
        db.Accounts.AddRange(accounts);
        await db.SaveChangesAsync();
        return accounts;
    }

    /// <summary>A running task of <paramref name="kind"/> with one queued item per (account, repeat), due now.</summary>
    public async Task<int> TaskAsync(string kind, IEnumerable<int> accountIds, int repeats = 1)
    {
        await using var db = await DbAsync();
        var now = DateTimeOffset.UtcNow;
        var task = new AutomationTask { Kind = kind, Name = $"pacing {kind}", Status = TaskStatuses.Running, CreatedAt = now, StartedAt = now };
        var position = 0;
        foreach (var repeat in Enumerable.Range(0, repeats))
        {
            foreach (var accountId in accountIds)
            {
                task.Items.Add(new TaskItem
                {
                    Kind = kind, AccountId = accountId, Position = position++, Status = ItemStatuses.Queued, RunAfter = now - TimeSpan.FromSeconds(1),
                    MaxAttempts = 3, CreatedAt = now, UpdatedAt = now,
                });
            }
        }

        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task.Id;
    }

    /// <summary>Takes a finished test's items out of everyone's way.</summary>
    public async Task CancelAsync(int taskId)
    {
        await using var db = await DbAsync();
        var task = await db.Tasks.SingleAsync(t => t.Id == taskId);
        if (!TaskStatuses.IsTerminal(task.Status))
        {
            await Queue(db).CancelTaskAsync(task, CancellationToken.None);
        }
    }
}
