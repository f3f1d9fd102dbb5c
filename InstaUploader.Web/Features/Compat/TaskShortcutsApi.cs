using System.Text.Json;
using System.Text.Json.Serialization;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Tasks;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Compat;

/// <summary>
/// The original Web's media_uniquify_start/status and cookie_robot_start: shortcuts that create and start a task.
/// The cookie robot also takes the original's own body (one <c>account_id</c>) and then answers as the original did.
/// </summary>
public static class TaskShortcutsApi
{
    public static IEndpointRouteBuilder MapTaskShortcutsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(AuthExtensions.MachinePolicy).WithTags("Tasks");
        api.MapPost("/media/uniquify/start", (UniquifyRequest body, TaskService tasks, CancellationToken ct) =>
            StartAsync(tasks, new CreateTaskRequest
            {
                Kind = TaskKinds.MediaUniq, Name = body.Name, MediaIds = body.MediaIds, Start = true,
                Options = JsonSerializer.SerializeToElement(new Dictionary<string, int> { ["copies"] = body.Copies ?? 1 }),
            }, ct));
        api.MapGet("/media/uniquify/{task_id:int}/status", async (int task_id, AppDbContext db, TaskService tasks, CancellationToken ct) =>
        {
            var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == task_id && t.Kind == TaskKinds.MediaUniq, ct);
            if (task is null)
            {
                return Results.Problem(statusCode: 404, title: "Not found", detail: $"No media_uniq task {task_id}.");
            }

            var results = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == task_id && i.Result != null).Select(i => i.Result!).ToListAsync(ct);
            return Results.Json(new UniquifyStatus(task_id, task.Status, await tasks.ProgressAsync(task_id, ct),
                [.. results.Select(r => JsonDocument.Parse(r).RootElement)]));
        });
        api.MapPost("/cookie-robot/start", StartCookieRobotAsync);
        return app;
    }

    private static async Task<IResult> StartCookieRobotAsync(CookieRobotRequest body, TaskService tasks, AppDbContext db, CancellationToken ct)
    {
        if (body.AccountId is not { } accountId)
        {
            return await StartAsync(tasks, CookieRobotTask(body, body.AccountIds), ct);
        }

        // The original's body: one account, and its answer {"ok", "task_id", "account_username"} with a 200.
        var username = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId).Select(a => a.Username).FirstOrDefaultAsync(ct);
        if (username is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: "Account not found");
        }

        var outcome = await tasks.CreateAsync(CookieRobotTask(body, [accountId]), ct);
        return outcome switch
        {
            { Errors: { } errors } => Results.ValidationProblem(errors),
            { Task: { } task } => Results.Json(new CookieRobotStarted(true, task.Id, username)),
            _ => Results.Problem(statusCode: outcome.Status ?? StatusCodes.Status409Conflict, detail: outcome.Detail),
        };
    }

    private static CreateTaskRequest CookieRobotTask(CookieRobotRequest body, List<int>? accountIds) => new()
    {
        Kind = TaskKinds.CookieRobot, Name = body.Name, AccountIds = accountIds, Start = true,
        Options = JsonSerializer.SerializeToElement(new Dictionary<string, List<string>> { ["urls"] = body.Urls ?? [] }),
    };

    private static async Task<IResult> StartAsync(TaskService tasks, CreateTaskRequest request, CancellationToken ct)
    {
        var outcome = await tasks.CreateAsync(request, ct);
        return outcome switch
        {
            { Errors: { } errors } => Results.ValidationProblem(errors),
            { Task: { } task } => Results.Json(new TaskStarted(task.Id, task.Status), statusCode: StatusCodes.Status202Accepted),
            _ => Results.Problem(statusCode: outcome.Status ?? 500, detail: outcome.Detail),
        };
    }

    public sealed record UniquifyRequest(
        [property: JsonPropertyName("media_ids")] List<int>? MediaIds,
        [property: JsonPropertyName("copies")] int? Copies,
        [property: JsonPropertyName("name")] string? Name);

    /// <summary>Ours names account_ids; the original's one account_id (headless and imageless it also sent mean nothing here).</summary>
    public sealed record CookieRobotRequest(
        [property: JsonPropertyName("account_ids")] List<int>? AccountIds,
        [property: JsonPropertyName("urls")] List<string>? Urls,
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("account_id")] int? AccountId = null,
        [property: JsonPropertyName("headless")] bool? Headless = null,
        [property: JsonPropertyName("imageless")] bool? Imageless = null);

    public sealed record TaskStarted(
        [property: JsonPropertyName("task_id")] int TaskId,
        [property: JsonPropertyName("status")] string Status);

    public sealed record UniquifyStatus(
        [property: JsonPropertyName("task_id")] int TaskId,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("progress")] TaskProgress Progress,
        [property: JsonPropertyName("results")] IReadOnlyList<JsonElement> Results);

    public sealed record CookieRobotStarted(
        [property: JsonPropertyName("ok")] bool Ok,
        [property: JsonPropertyName("task_id")] int TaskId,
        [property: JsonPropertyName("account_username")] string AccountUsername);
}
