using System.Threading.Channels;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Errors;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>
/// Creates scrape work: finds or creates the person + blog of a username and queues a task for it unless one is
/// already pending or running. Both steps hold in the database, so concurrent requests never duplicate: blog
/// creation is serialised per username by an advisory lock, the task insert by the partial unique index.
/// Operators' requests (scrape and discover) wake the workers (when the Web's dispatcher is there) instead of waiting
/// for their next poll.
/// </summary>
public sealed class ScrapeTaskWriter(ScraperDbContext db, TimeProvider time, Channel<DispatchRequest>? dispatch = null)
{
    /// <summary>
    /// An operator's scrape request (POST /api/tasks/scrape and the Scraper page): checks the 1 to 100 usernames and
    /// queues a full_scrape for each at the requested priority; a name already pending or running is skipped.
    /// </summary>
    public async Task<ServiceResult<ScrapeResponse>> QueueRequestedAsync(IReadOnlyList<string?>? raw, CancellationToken ct)
    {
        if (raw is null)
        {
            return ServiceResult<ScrapeResponse>.Invalid("usernames", "usernames is required: a list of 1 to 100 Instagram usernames.");
        }

        if (raw.Count is 0 or > ScrapeInput.MaxUsernames)
        {
            return ServiceResult<ScrapeResponse>.Invalid("usernames", $"usernames must hold 1 to {ScrapeInput.MaxUsernames} names (got {raw.Count}).");
        }

        var names = raw.Select(ScrapeInput.NormalizeUsername).ToList();
        var invalid = names.Select((n, i) => (n, i)).Where(x => x.n is null).Select(x => $"usernames[{x.i}] ('{raw[x.i]}') is not a valid Instagram username.").ToArray();
        if (invalid.Length > 0)
        {
            return ServiceResult<ScrapeResponse>.Invalid(new Dictionary<string, string[]> { ["usernames"] = invalid });
        }

        var tasks = new List<ScrapeTaskRef>(names.Count);
        foreach (var name in names)
        {
            var (blogId, taskId) = await QueueFullScrapeAsync(name!, ScrapeTaskPriorities.Requested, ct);
            tasks.Add(new ScrapeTaskRef(taskId, name!, blogId, taskId is null ? ScrapeTaskRef.Skipped : ScrapeTaskRef.Created));
        }

        var created = tasks.Count(t => t.TaskId is not null);
        if (created > 0)
        {
            WakeWorkers();
        }

        return ServiceResult<ScrapeResponse>.Ok(new ScrapeResponse(created, tasks.Count - created, tasks));
    }

    /// <summary>Queues a full_scrape of <paramref name="username"/> (already normalised); TaskId is null when skipped.</summary>
    public async Task<(Guid BlogId, Guid? TaskId)> QueueFullScrapeAsync(string username, int priority, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var blogId = await EnsureBlogAsync(username, ct);
            var payload = ScraperJson.Serialize(new { username, blog_id = blogId, platform = Blog.Instagram });
            var taskId = await InsertUniqueAsync(blogId, ScrapeKinds.FullScrape, priority, payload, ct);
            if (own is not null)
            {
                await own.CommitAsync(ct);
            }

            return (blogId, taskId);
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    public async Task<Guid> QueueDiscoverAsync(string hashtag, long minFollowers, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var task = new ScrapeTask
        {
            Id = Guid.CreateVersion7(now),
            TaskType = ScrapeKinds.Discover,
            Priority = ScrapeTaskPriorities.Requested,
            Payload = ScraperJson.Serialize(new { hashtag, min_followers = minFollowers }),
            RunAfter = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.ScrapeTasks.Add(task);
        await db.SaveChangesAsync(ct);
        WakeWorkers();
        return task.Id;
    }

    private void WakeWorkers() => dispatch?.Writer.TryWrite(DispatchRequest.WakeWorkers);

    private async Task<Guid> EnsureBlogAsync(string username, CancellationToken ct)
    {
        var key = $"blog:{Blog.Instagram}:{username}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);

        var existing = await db.Blogs.AsNoTracking()
            .Where(b => b.Platform == Blog.Instagram && b.Username == username)
            .Select(b => (Guid?)b.Id)
            .FirstOrDefaultAsync(ct);
        if (existing is { } id)
        {
            return id;
        }

        var now = time.GetUtcNow();
        var personId = Guid.CreateVersion7(now);
        var blogId = Guid.CreateVersion7(now);
        await db.Database.ExecuteSqlAsync(
            $"INSERT INTO persons (id, full_name, created_at, updated_at) VALUES ({personId}, NULL, {now}, {now})", ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO blogs (id, person_id, platform, username, created_at, updated_at)
            VALUES ({blogId}, {personId}, {Blog.Instagram}, {username}, {now}, {now})
            """, ct);
        return blogId;
    }

    private async Task<Guid?> InsertUniqueAsync(Guid blogId, string taskType, int priority, string payload, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO scrape_tasks (id, blog_id, task_type, status, priority, attempts, max_attempts, payload, run_after, created_at, updated_at)
            VALUES ({id}, {blogId}, {taskType}, {ScrapeTaskStatuses.Pending}, {priority}, 0, 3, CAST({payload} AS jsonb), {now}, {now}, {now})
            ON CONFLICT (blog_id, task_type) WHERE status IN ('pending', 'running') DO NOTHING
            """, ct);
        return inserted == 1 ? id : null;
    }
}
