using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>What the scraper's pages show: its tasks, blogs and scraping accounts (the pages write nothing).</summary>
public sealed class ScraperQueries(ScraperDbContext db)
{
    public const int ShownRows = 100;

    /// <summary>The latest scrape tasks, filtered by type and status when set.</summary>
    public Task<List<ScrapeTaskRow>> TasksAsync(string? type, string? status, CancellationToken ct) =>
        db.ScrapeTasks.AsNoTracking()
            .Where(t => (type == null || type == "" || t.TaskType == type) && (status == null || status == "" || t.Status == status))
            .OrderByDescending(t => t.CreatedAt).Take(ShownRows)
            .Select(t => new ScrapeTaskRow(t.Blog == null ? null : t.Blog.Username, t.TaskType, t.Status, t.Priority, t.Attempts, t.MaxAttempts, t.LeaseOwner, t.CreatedAt, t.CompletedAt, t.ErrorMessage))
            .ToListAsync(ct);

    /// <summary>Blogs by username; <paramref name="query"/> (already trimmed and lower case) matches a username or full name.</summary>
    public Task<List<Blog>> BlogsAsync(string? query, CancellationToken ct) =>
        // lower(full_name) LIKE in SQL: the StringComparison overload CA1862 suggests has no SQL translation.
#pragma warning disable CA1862
        db.Blogs.AsNoTracking()
            .Where(b => query == null || query == "" || b.Username.Contains(query) || (b.FullName != null && b.FullName.ToLower().Contains(query)))
            .OrderBy(b => b.Username).Take(ShownRows).ToListAsync(ct);
#pragma warning restore CA1862

    public Task<List<ScrapeAccount>> AccountsAsync(CancellationToken ct) =>
        db.ScrapeAccounts.AsNoTracking().OrderBy(a => a.Username).ToListAsync(ct);
}

public sealed record ScrapeTaskRow(string? Blog, string TaskType, string Status, int Priority, int Attempts, int MaxAttempts, string? LeaseOwner,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? ErrorMessage);
