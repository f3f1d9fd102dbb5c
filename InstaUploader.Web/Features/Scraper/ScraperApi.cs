using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>The scraper API (tasks, health; docs/protocol.md#scraper-api) plus the blog and scraping-account routes operators need.</summary>
public static class ScraperApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapScraperRoutes(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Scraper");
        api.MapGet("/health", HealthAsync).AllowAnonymous();

        var keyed = api.MapGroup("").RequireAuthorization(ScraperExtensions.ApiKeyPolicyName);
        keyed.MapPost("/tasks/scrape", ScrapeAsync);
        keyed.MapPost("/tasks/discover", DiscoverAsync);
        keyed.MapGet("/tasks", ListAsync);
        keyed.MapGet("/tasks/{task_id}", GetAsync);
        keyed.MapGet("/blogs/{blog_id}", GetBlogAsync);
        keyed.MapPost("/scrape-accounts", UpsertAccountAsync);
        keyed.MapGet("/scrape-accounts", ListAccountsAsync);
        return app;
    }

    private static async Task<Results<Created<ScrapeResponse>, ProblemHttpResult>> ScrapeAsync(
        JsonBody<ScrapeRequest> body, ScrapeTaskWriter writer, CancellationToken ct)
    {
        if (body.Value is not { } request)
        {
            return Unprocessable(body.Errors);
        }

        var result = await writer.QueueRequestedAsync(request.Usernames, ct);
        return result.Succeeded ? TypedResults.Created((string?)null, result.Value) : Unprocessable(result.Errors!.ToDictionary());
    }

    private static async Task<Results<Created<DiscoverResponse>, ProblemHttpResult>> DiscoverAsync(
        JsonBody<DiscoverRequest> body, ScrapeTaskWriter writer, CancellationToken ct)
    {
        if (body.Value is not { } request)
        {
            return Unprocessable(body.Errors);
        }

        var errors = new Dictionary<string, string[]>();
        var hashtag = ScrapeInput.NormalizeHashtag(request.Hashtag);
        if (hashtag is null)
        {
            errors["hashtag"] = ["hashtag is required: letters, digits or '_' (a leading '#' is allowed), up to 100 characters."];
        }

        if (request.MinFollowers is < 0)
        {
            errors["min_followers"] = ["min_followers must be 0 or more."];
        }

        if (errors.Count > 0)
        {
            return Unprocessable(errors);
        }

        var id = await writer.QueueDiscoverAsync(hashtag!, request.MinFollowers ?? 0, ct);
        return TypedResults.Created((string?)null, new DiscoverResponse(id, hashtag!));
    }

    private static async Task<Results<Ok<TaskListResponse>, ProblemHttpResult>> ListAsync(
        string? status, [FromQuery(Name = "task_type")] string? taskType, string? limit, string? offset,
        ScraperDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !ScrapeTaskStatuses.All.Contains(status))
        {
            errors["status"] = [$"status must be one of: {string.Join(", ", ScrapeTaskStatuses.All)}."];
        }

        if (taskType is not null && !ScrapeKinds.All.Contains(taskType))
        {
            errors["task_type"] = [$"task_type must be one of: {string.Join(", ", ScrapeKinds.All)}."];
        }

        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, out take) || take is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit must be an integer from 1 to {MaxLimit}."];
        }

        var skip = 0;
        if (offset is not null && (!int.TryParse(offset, out skip) || skip < 0))
        {
            errors["offset"] = ["offset must be an integer of 0 or more."];
        }

        if (errors.Count > 0)
        {
            return Unprocessable(errors);
        }

        var query = db.ScrapeTasks.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(t => t.Status == status);
        }

        if (taskType is not null)
        {
            query = query.Where(t => t.TaskType == taskType);
        }

        var total = await query.CountAsync(ct);
        var page = await query.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Skip(skip).Take(take).ToListAsync(ct);
        return TypedResults.Ok(new TaskListResponse([.. page.Select(TaskSummary.From)], total, take, skip));
    }

    private static async Task<Results<Ok<TaskDetail>, ProblemHttpResult>> GetAsync(
        [FromRoute(Name = "task_id")] string taskId, ScraperDbContext db, CancellationToken ct)
    {
        var task = Guid.TryParse(taskId, out var id) ? await db.ScrapeTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) : null;
        return task is null ? NotFound("Task not found.") : TypedResults.Ok(TaskDetail.From(task));
    }

    private static async Task<Results<Ok<BlogResponse>, ProblemHttpResult>> GetBlogAsync(
        [FromRoute(Name = "blog_id")] string blogId, ScraperDbContext db, CancellationToken ct)
    {
        var blog = Guid.TryParse(blogId, out var id) ? await db.Blogs.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id, ct) : null;
        return blog is null ? NotFound("Blog not found.") : TypedResults.Ok(BlogResponse.From(blog));
    }

    private static async Task<Ok<HealthResponse>> HealthAsync(ScraperDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var accountsTotal = await db.ScrapeAccounts.CountAsync(ct);
        var accountsAvailable = await db.ScrapeAccounts.WhereAvailable(now).CountAsync(ct);
        var running = await db.ScrapeTasks.CountAsync(t => t.Status == ScrapeTaskStatuses.Running, ct);
        var pending = await db.ScrapeTasks.CountAsync(t => t.Status == ScrapeTaskStatuses.Pending, ct);
        return TypedResults.Ok(new HealthResponse("ok", accountsTotal, accountsAvailable, running, pending));
    }

    private static async Task<Results<Created<ScrapeAccountResponse>, ProblemHttpResult>> UpsertAccountAsync(
        JsonBody<ScrapeAccountRequest> body, ScrapeAccountWriter writer, CancellationToken ct)
    {
        if (body.Value is not { } request)
        {
            return Unprocessable(body.Errors);
        }

        var result = await writer.UpsertAsync(request, ct);
        return result.Succeeded ? TypedResults.Created((string?)null, result.Value) : Unprocessable(result.Errors!.ToDictionary());
    }

    private static async Task<Ok<List<ScrapeAccountResponse>>> ListAccountsAsync(ScraperDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var accounts = await db.ScrapeAccounts.AsNoTracking().OrderBy(a => a.Username).ToListAsync(ct);
        return TypedResults.Ok(accounts.Select(a => ScrapeAccountResponse.From(a, now)).ToList());
    }

    internal static ProblemHttpResult Unprocessable(string field, string message) => Unprocessable(new() { [field] = [message] });

    internal static ProblemHttpResult Unprocessable(Dictionary<string, string[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Validation failed",
            Detail = string.Join(" ", errors.Values.SelectMany(v => v)),
        });

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: detail);
}
