using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Scraper;

/// <summary>Seed 004's Scraper API (tasks, health) plus the blog and scraping-account routes operators need.</summary>
public static class ScraperApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapScraperRoutes(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Scraper");
        api.MapGet("/health", HealthAsync).AllowAnonymous();

        var keyed = api.MapGroup("").RequireAuthorization(ScraperApiKeyHandler.PolicyName);
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

        if (request.Usernames is not { } raw)
        {
            return Unprocessable("usernames", "usernames is required: a list of 1 to 100 Instagram usernames.");
        }

        if (raw.Count is 0 or > ScrapeInput.MaxUsernames)
        {
            return Unprocessable("usernames", $"usernames must hold 1 to {ScrapeInput.MaxUsernames} names (got {raw.Count}).");
        }

        var names = raw.Select(ScrapeInput.NormalizeUsername).ToList();
        var invalid = names.Select((n, i) => (n, i)).Where(x => x.n is null).Select(x => $"usernames[{x.i}] ('{raw[x.i]}') is not a valid Instagram username.").ToArray();
        if (invalid.Length > 0)
        {
            return Unprocessable(new() { ["usernames"] = invalid });
        }

        var tasks = new List<ScrapeTaskRef>(names.Count);
        foreach (var name in names)
        {
            var (blogId, taskId) = await writer.QueueFullScrapeAsync(name!, ScrapeTaskPriorities.Requested, ct);
            tasks.Add(new ScrapeTaskRef(taskId, name!, blogId, taskId is null ? ScrapeTaskRef.Skipped : ScrapeTaskRef.Created));
        }

        var created = tasks.Count(t => t.TaskId is not null);
        return TypedResults.Created((string?)null, new ScrapeResponse(created, tasks.Count - created, tasks));
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

        if (taskType is not null && !ScrapeTaskTypes.All.Contains(taskType))
        {
            errors["task_type"] = [$"task_type must be one of: {string.Join(", ", ScrapeTaskTypes.All)}."];
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
        JsonBody<ScrapeAccountRequest> body, ScraperDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (body.Value is not { } request)
        {
            return Unprocessable(body.Errors);
        }

        var errors = new Dictionary<string, string[]>();
        var username = ScrapeInput.NormalizeUsername(request.Username);
        if (username is null)
        {
            errors["username"] = ["username must be a valid Instagram username."];
        }

        if (string.IsNullOrEmpty(request.Password))
        {
            errors["password"] = ["password is required."];
        }

        if (!ScrapeAccountProxy.TryValidate(request.Proxy, out var proxy, out var proxyError))
        {
            errors["proxy"] = [$"proxy must be host:port, host:port:user:pass, user:pass@host:port or scheme://user:pass@host:port ({proxyError})"];
        }

        if (errors.Count > 0)
        {
            return Unprocessable(errors);
        }

        var now = time.GetUtcNow();
        var account = await db.ScrapeAccounts.FirstOrDefaultAsync(a => a.Username == username, ct);
        if (account is null)
        {
            account = new ScrapeAccount { Id = Guid.CreateVersion7(now), Username = username!, Password = request.Password!, CreatedAt = now };
            db.ScrapeAccounts.Add(account);
        }

        // New credentials: forget the old session and any failure state.
        account.Password = request.Password!;
        account.TfaSecret = NullIfEmpty(request.TfaSecret);
        account.Email = NullIfEmpty(request.Email);
        account.EmailPassword = NullIfEmpty(request.EmailPassword);
        account.Proxy = proxy;
        account.Session = null;
        account.Status = ScrapeAccountStatuses.Active;
        account.LastError = null;
        account.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Created((string?)null, ScrapeAccountResponse.From(account, now));
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

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
