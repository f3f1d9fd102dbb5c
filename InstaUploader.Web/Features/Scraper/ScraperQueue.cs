using System.Text.Json;
using System.Text.Json.Nodes;
using InstaUploader.Contracts.Queue;
using InstaUploader.Contracts.Scrape;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>
/// The scrape tasks' side of the team's claim protocol (POST /api/queries/claim_next/, PATCH /api/queries/{id}/):
/// atomic claims in priority order with a free scraping account, lease-owner-only updates, and the rescue of
/// expired leases. Task statuses (docs/protocol.md#scraper): pending → running → done | failed.
/// </summary>
public sealed class ScraperQueue(
    ScraperDbContext db, ScrapeTaskWriter writer, TimeProvider time, IOptions<ScraperOptions> options, ILogger<ScraperQueue> logger)
{
    /// <summary>
    /// Claims the next pending task (highest priority, then oldest) of <paramref name="taskType"/> (any scrape
    /// type when null) together with a free scraping account, both locked until the lease ends. Null when no task
    /// is runnable or no account is free.
    /// </summary>
    public async Task<ScrapeClaim?> ClaimNextAsync(string owner, string? taskType, TimeSpan lease, CancellationToken ct)
    {
        if (taskType is not null && !ScrapeKinds.All.Contains(taskType))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var expires = now + lease;
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var account = (await db.ScrapeAccounts.FromSql($"""
            SELECT * FROM scrape_accounts
            WHERE status = {ScrapeAccountStatuses.Active}
              AND (locked_until IS NULL OR locked_until <= {now})
              AND (rate_limited_until IS NULL OR rate_limited_until <= {now})
            ORDER BY last_used_at NULLS FIRST, id
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct)).FirstOrDefault();
        if (account is null)
        {
            return null;
        }

        var candidates = taskType is null
            ? db.ScrapeTasks.FromSql($"""
                SELECT * FROM scrape_tasks
                WHERE status = {ScrapeTaskStatuses.Pending} AND run_after <= {now}
                ORDER BY priority DESC, created_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """)
            : db.ScrapeTasks.FromSql($"""
                SELECT * FROM scrape_tasks
                WHERE status = {ScrapeTaskStatuses.Pending} AND run_after <= {now} AND task_type = {taskType}
                ORDER BY priority DESC, created_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED
                """);
        var task = (await candidates.ToListAsync(ct)).FirstOrDefault();
        if (task is null)
        {
            return null;
        }

        task.Status = ScrapeTaskStatuses.Running;
        task.Attempts++;
        task.StartedAt = now;
        task.CompletedAt = null;
        task.LeaseOwner = owner;
        task.LeaseExpiresAt = expires;
        task.AccountId = account.Id;
        task.UpdatedAt = now;
        account.LockedUntil = expires;
        account.LastUsedAt = now;
        account.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        logger.LogInformation("Scrape task {TaskId} ({TaskType}) claimed by {Owner} with account {Account}, attempt {Attempt}",
            task.Id, task.TaskType, owner, account.Username, task.Attempts);
        return new ScrapeClaim(
            task.Id.ToString(), task.TaskType, null, ScrapeClaim.InProgress, task.Attempts, task.Priority, task.BlogId,
            expires.UtcDateTime,
            new ScrapeClaimAccount(account.Id, account.Username, account.Password, account.TfaSecret, account.Email, account.EmailPassword, account.Session,
                ScrapeAccountProxy.Block(account.Proxy)),
            ScraperJson.Parse(task.Payload));
    }

    /// <summary>
    /// Applies a worker's report: done stores the result (the profile on the blog; for discover, full_scrape tasks
    /// for authors with enough followers), failed records the error and retries with backoff while attempts remain
    /// and the failure is retryable. Only the lease owner of a running task may report.
    /// </summary>
    public async Task<ScrapeUpdate> UpdateAsync(Guid id, string owner, JsonElement body, CancellationToken ct)
    {
        var (report, errors) = ScrapeReport.Parse(body);
        if (report is null)
        {
            return ScrapeUpdate.Invalid(errors);
        }

        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var task = (await db.ScrapeTasks.FromSql($"SELECT * FROM scrape_tasks WHERE id = {id} FOR UPDATE").ToListAsync(ct)).FirstOrDefault();
        if (task is null)
        {
            return ScrapeUpdate.NotFound;
        }

        if (task.Status != ScrapeTaskStatuses.Running || task.LeaseOwner != owner)
        {
            return new ScrapeUpdate(ScrapeUpdateOutcome.NotLeased, null, null, $"Task {id} is {task.Status} and not leased to '{owner}'.");
        }

        var account = task.AccountId is { } accountId ? await db.ScrapeAccounts.FirstOrDefaultAsync(a => a.Id == accountId, ct) : null;
        if (account is not null)
        {
            ApplyAccountState(account, report.AccountState, now);
        }

        if (report.Status == ScrapeTaskStatuses.Done)
        {
            var stored = task.TaskType == ScrapeKinds.Discover
                ? await CompleteDiscoverAsync(task, report.Result, ct)
                : await CompleteFullScrapeAsync(task, report.Result, now, ct);
            if (stored.Error is not null)
            {
                return ScrapeUpdate.Invalid(new() { ["result"] = [stored.Error] });
            }

            task.Status = ScrapeTaskStatuses.Done;
            task.Result = stored.Result!.ToJsonString();
            task.ErrorMessage = null;
            task.CompletedAt = now;
        }
        else
        {
            task.ErrorMessage = string.IsNullOrWhiteSpace(report.Error) ? "The worker reported a failure without a message." : report.Error;
            var retryable = report.Retryable || report.AccountState?.RateLimitedUntil is not null;
            if (retryable && task.Attempts < task.MaxAttempts)
            {
                task.Status = ScrapeTaskStatuses.Pending;
                var wait = Backoff(task.Attempts);
                task.RunAfter = now + (report.RetryAfter is { } after && after > wait ? after : wait);
            }
            else
            {
                task.Status = ScrapeTaskStatuses.Failed;
                task.CompletedAt = now;
            }
        }

        task.LeaseOwner = null;
        task.LeaseExpiresAt = null;
        task.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ScrapeUpdate(ScrapeUpdateOutcome.Updated, TaskDetail.From(task), null, null);
    }

    /// <summary>Running tasks whose lease expired go back to pending (attempts kept), or fail once attempts are spent.</summary>
    public async Task<int> RescueExpiredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var expired = await db.ScrapeTasks.FromSql($"""
            SELECT * FROM scrape_tasks
            WHERE status = {ScrapeTaskStatuses.Running} AND lease_expires_at < {now}
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var task in expired)
        {
            if (task.Attempts >= task.MaxAttempts)
            {
                task.Status = ScrapeTaskStatuses.Failed;
                task.ErrorMessage = $"The lease of '{task.LeaseOwner}' expired on attempt {task.Attempts} of {task.MaxAttempts}; giving up.";
                task.CompletedAt = now;
            }
            else
            {
                task.Status = ScrapeTaskStatuses.Pending;
                task.ErrorMessage = $"The lease of '{task.LeaseOwner}' expired on attempt {task.Attempts}; requeued.";
                task.RunAfter = now;
            }

            task.LeaseOwner = null;
            task.LeaseExpiresAt = null;
            task.UpdatedAt = now;
        }

        // Their accounts' locks ended with the leases; clear them so health and listings read plainly.
        var accountIds = expired.Where(t => t.AccountId is not null).Select(t => t.AccountId!.Value).Distinct().ToList();
        if (accountIds.Count > 0)
        {
            await db.ScrapeAccounts.Where(a => accountIds.Contains(a.Id) && a.LockedUntil <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.LockedUntil, (DateTimeOffset?)null), ct);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (expired.Count > 0)
        {
            logger.LogWarning("Rescued {Count} scrape task(s) with expired leases", expired.Count);
        }

        return expired.Count;
    }

    private TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(options.Value.RetryBackoffSeconds * Math.Pow(2, Math.Max(0, attempts - 1)));

    private static void ApplyAccountState(ScrapeAccount account, ScrapeAccountState? state, DateTimeOffset now)
    {
        account.LockedUntil = null;
        account.UpdatedAt = now;
        if (state is null)
        {
            return;
        }

        if (state.Session is not null)
        {
            account.Session = state.Session;
        }

        if (state.RateLimitedUntil is { } until && until > now)
        {
            account.RateLimitedUntil = until;
        }

        if (state.Status is ScrapeAccountStatuses.Banned or ScrapeAccountStatuses.LoginFailed)
        {
            account.Status = state.Status;
            account.Session = null;
        }
        else if (state.Status is ScrapeAccountStatuses.ProxyFailed)
        {
            // The session is fine; only the way out is broken. Upserting the account with a working proxy reactivates it.
            account.Status = state.Status;
        }

        if (state.Error is not null)
        {
            account.LastError = state.Error;
        }
    }

    private async Task<(JsonObject? Result, string? Error)> CompleteFullScrapeAsync(ScrapeTask task, JsonObject? result, DateTimeOffset now, CancellationToken ct)
    {
        var (profile, error) = ScrapedProfile.From(result);
        if (profile is null)
        {
            return (null, error);
        }

        var blog = task.BlogId is { } blogId ? await db.Blogs.Include(b => b.Person).FirstOrDefaultAsync(b => b.Id == blogId, ct) : null;
        if (blog is null)
        {
            return (null, "The task's blog no longer exists.");
        }

        blog.ExternalId = profile.ExternalId ?? blog.ExternalId;
        blog.FullName = profile.FullName;
        blog.Biography = profile.Biography;
        blog.FollowerCount = profile.FollowerCount;
        blog.FollowingCount = profile.FollowingCount;
        blog.MediaCount = profile.MediaCount;
        blog.IsPrivate = profile.IsPrivate;
        blog.RecentPosts = profile.RecentPosts.ToJsonString();
        blog.ScrapedAt = now;
        blog.UpdatedAt = now;
        if (blog.Person is { FullName: null or "" } person && !string.IsNullOrWhiteSpace(profile.FullName))
        {
            person.FullName = profile.FullName;
            person.UpdatedAt = now;
        }

        return (result, null);
    }

    private async Task<(JsonObject? Result, string? Error)> CompleteDiscoverAsync(ScrapeTask task, JsonObject? result, CancellationToken ct)
    {
        var payload = JsonNode.Parse(task.Payload);
        var minFollowers = payload?["min_followers"]?.GetValue<long>() ?? 0;
        var users = DiscoveredUser.From(result);
        var queued = new JsonArray();
        var skipped = new JsonArray();
        foreach (var user in users.Where(u => u.FollowerCount >= minFollowers).DistinctBy(u => u.Username.ToLowerInvariant()))
        {
            if (ScrapeInput.NormalizeUsername(user.Username) is not { } name)
            {
                continue;
            }

            var (blogId, taskId) = await writer.QueueFullScrapeAsync(name, ScrapeTaskPriorities.Discovered, ct);
            (taskId is null ? skipped : queued).Add(new JsonObject { ["username"] = name, ["blog_id"] = blogId.ToString(), ["task_id"] = taskId?.ToString() });
        }

        var stored = result?.DeepClone().AsObject() ?? [];
        stored["min_followers"] = minFollowers;
        stored["queued"] = queued;
        stored["already_queued"] = skipped;
        return (stored, null);
    }
}

public enum ScrapeUpdateOutcome
{
    Updated,

    /// <summary>The report is malformed, or its result cannot be stored (see <see cref="ScrapeUpdate.Errors"/>).</summary>
    Invalid,
    NotFound,

    /// <summary>The task is not running under the reporter's lease (see <see cref="ScrapeUpdate.Detail"/>).</summary>
    NotLeased,
}

/// <summary>How a worker's report on a scrape task went: the task as it is now when updated, else why not.</summary>
public sealed record ScrapeUpdate(ScrapeUpdateOutcome Outcome, TaskDetail? Task, Dictionary<string, string[]>? Errors, string? Detail)
{
    public static readonly ScrapeUpdate NotFound = new(ScrapeUpdateOutcome.NotFound, null, null, null);

    public static ScrapeUpdate Invalid(Dictionary<string, string[]> errors) => new(ScrapeUpdateOutcome.Invalid, null, errors, null);
}
