using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Queue;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>Operator API for tasks of every kind: create, list, get, start, cancel, retry failed or cancelled items, progress.</summary>
public static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/tasks").RequireAuthorization(AuthExtensions.OperatorPolicy).WithTags("Tasks");
        api.MapPost("/", CreateAsync);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id:int}", GetAsync);
        api.MapGet("/{id:int}/progress", async (int id, AppDbContext db, TaskService tasks, CancellationToken ct) =>
            await db.Tasks.AnyAsync(t => t.Id == id, ct) ? Results.Json(await tasks.ProgressAsync(id, ct)) : NotFound(id));
        api.MapGet("/{id:int}/items.csv", ItemsCsv.ExportAsync);
        api.MapPost("/{id:int}/start", async (int id, TaskService tasks, CancellationToken ct) =>
            ToResult(await tasks.StartAsync(id, ct), StatusCodes.Status202Accepted));
        api.MapPost("/{id:int}/cancel", async (int id, TaskService tasks, CancellationToken ct) => ToResult(await tasks.CancelAsync(id, ct)));
        api.MapPost("/{id:int}/retry-failed", async (int id, TaskService tasks, CancellationToken ct) =>
            ToResult(await tasks.RetryAsync(id, RetryScope.RetryableFailures, ct), StatusCodes.Status202Accepted));
        api.MapPost("/{id:int}/retry-cancelled", async (int id, TaskService tasks, CancellationToken ct) =>
            ToResult(await tasks.RetryAsync(id, RetryScope.Cancelled, ct), StatusCodes.Status202Accepted));
        // The same export for the task page's link, which a signed-in browser follows with its cookie, not a token.
        app.MapGet("/tasks/{id:int}/items.csv", ItemsCsv.ExportAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateTaskRequest body, TaskService tasks, CancellationToken ct)
    {
        var outcome = await tasks.CreateAsync(body, ct);
        if (outcome.Task is null)
        {
            return ToResult(outcome);
        }

        return Results.Json(Summary(outcome.Task), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(
        string? kind, string? status, int? page, int? page_size, AppDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (kind is not null && !TaskKinds.IsKnown(kind))
        {
            errors["kind"] = [$"One of: {string.Join(", ", TaskKinds.All)}."];
        }

        if (status is not null && !TaskStatuses.All.Contains(status))
        {
            errors["status"] = [$"One of: {string.Join(", ", TaskStatuses.All)}."];
        }

        if (page is < 1)
        {
            errors["page"] = ["Starts at 1."];
        }

        if (page_size is < 1 or > 200)
        {
            errors["page_size"] = ["From 1 to 200."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var query = db.Tasks.AsNoTracking();
        query = kind is null ? query : query.Where(t => t.Kind == kind);
        query = status is null ? query : query.Where(t => t.Status == status);
        var size = page_size ?? 50;
        var number = page ?? 1;
        var total = await query.CountAsync(ct);
        var tasks = await query.OrderByDescending(t => t.Id).Skip((number - 1) * size).Take(size)
            .Select(t => new { t.Id, t.Kind, t.Name, t.Status, t.CreatedAt, t.StartedAt, t.FinishedAt }).ToListAsync(ct);
        var progress = await db.TaskProgressAsync([.. tasks.Select(t => t.Id)], ct);
        var rows = tasks.Select(t =>
        {
            var p = progress[t.Id];
            return new
            {
                t.Id, t.Kind, t.Name, t.Status, t.CreatedAt, t.StartedAt, t.FinishedAt,
                p.Total, p.Done, p.Failed, p.Cancelled, p.Finished, p.Percent, Progress = p,
            };
        });
        return Results.Json(new { items = rows, total, page = number, page_size = size });
    }

    private static async Task<IResult> GetAsync(int id, AppDbContext db, TaskService tasks, WorkItems queue, CancellationToken ct)
    {
        var task = await db.Tasks.AsNoTracking().Include(t => t.Videos).FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return NotFound(id);
        }

        // An item's log is its item_logs rows, written out as the original "log" text here: the read writes nothing.
        var logs = await queue.LogTextsOfTaskAsync(id, ct);
        var items = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == id).OrderBy(i => i.Position).ThenBy(i => i.Id)
            .Select(i => new
            {
                i.Id, i.AccountId, Account = i.Account == null ? null : i.Account.Username, i.ProxyId, i.MediaId, i.Position, i.Status,
                i.Attempts, i.MaxAttempts, i.LeaseOwner, i.LeaseExpiresAt, i.LastError, i.Result,
                i.Success, i.Failed, i.Likes, i.Follows, i.Viewed, i.StartedAt, i.FinishedAt,
            })
            .ToListAsync(ct);
        return Results.Json(new
        {
            task.Id, task.Kind, task.Name, task.Status, task.Log,
            Options = System.Text.Json.JsonDocument.Parse(task.Options).RootElement,
            task.CreatedAt, task.StartedAt, task.FinishedAt,
            Videos = task.Videos.OrderBy(v => v.Order).Select(v => new { v.Id, v.MediaId, v.Order, v.Title, v.Location, v.Mentions }),
            Progress = await tasks.ProgressAsync(id, ct),
            Items = items.Select(i => new
            {
                i.Id, i.AccountId, i.Account, i.ProxyId, i.MediaId, i.Position, i.Status,
                i.Attempts, i.MaxAttempts, i.LeaseOwner, i.LeaseExpiresAt, i.LastError, Log = logs.GetValueOrDefault(i.Id, ""), i.Result,
                i.Success, i.Failed, i.Likes, i.Follows, i.Viewed, i.StartedAt, i.FinishedAt,
            }),
        });
    }

    private static object Summary(AutomationTask t) => new { t.Id, t.Kind, t.Name, t.Status, t.CreatedAt, t.StartedAt, items = t.Items.Count };

    private static IResult ToResult(TaskService.Outcome outcome, int okStatus = StatusCodes.Status200OK) => outcome switch
    {
        { Errors: { } errors } => Results.ValidationProblem(errors),
        { Task: null, Status: { } status, Detail: var detail } => Results.Problem(statusCode: status, title: status == 404 ? "Not found" : "Conflict", detail: detail),
        { Task: { } task, Retry: { } retry } => Results.Json(new
        {
            task.Id, task.Kind, task.Status, task.StartedAt, task.FinishedAt, affected = retry.Requeued,
            left_failed = retry.RetryableLeft, left_cancelled = retry.CancelledLeft, left_cannot_succeed = retry.PermanentLeft, message = retry.Message,
        }, statusCode: okStatus),
        { Task: { } task } => Results.Json(new { task.Id, task.Kind, task.Status, task.StartedAt, task.FinishedAt, affected = outcome.Status }, statusCode: okStatus),
        _ => Results.Problem(statusCode: 500),
    };

    private static IResult NotFound(int id) => Results.Problem(statusCode: 404, title: "Not found", detail: $"No task {id}.");
}
