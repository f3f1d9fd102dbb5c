using System.Text.Json;
using System.Text.Json.Serialization;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>The original Web's media_uniquify_start/status and cookie_robot_start: shortcuts that create and start a task.</summary>
public static class TaskShortcutsApi
{
    public static IEndpointRouteBuilder MapTaskShortcutsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(AuthExtensions.MachinePolicy).WithTags("Tasks");
        api.MapPost("/media/uniquify/start", (UniquifyRequest body, TaskService tasks, CancellationToken ct) =>
            StartAsync(tasks, new CreateTaskRequest
            {
                Kind = TaskKinds.MediaUniq, Name = body.Name, MediaIds = body.MediaIds, Start = true,
                Options = JsonSerializer.SerializeToElement(new { copies = body.Copies ?? 1 }),
            }, ct));
        api.MapGet("/media/uniquify/{task_id:int}/status", async (int task_id, AppDbContext db, TaskService tasks, CancellationToken ct) =>
        {
            var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == task_id && t.Kind == TaskKinds.MediaUniq, ct);
            if (task is null)
            {
                return Results.Problem(statusCode: 404, title: "Not found", detail: $"No media_uniq task {task_id}.");
            }

            var results = await db.TaskItems.AsNoTracking().Where(i => i.TaskId == task_id && i.Result != null).Select(i => i.Result!).ToListAsync(ct);
            return Results.Json(new
            {
                task_id, status = task.Status, progress = await tasks.ProgressAsync(task_id, ct),
                results = results.Select(r => JsonDocument.Parse(r).RootElement),
            });
        });
        api.MapPost("/cookie-robot/start", (CookieRobotRequest body, TaskService tasks, CancellationToken ct) =>
            StartAsync(tasks, new CreateTaskRequest
            {
                Kind = TaskKinds.CookieRobot, Name = body.Name, AccountIds = body.AccountIds, Start = true,
                Options = JsonSerializer.SerializeToElement(new { urls = body.Urls ?? [] }),
            }, ct));
        return app;
    }

    private static async Task<IResult> StartAsync(TaskService tasks, CreateTaskRequest request, CancellationToken ct)
    {
        var outcome = await tasks.CreateAsync(request, ct);
        return outcome switch
        {
            { Errors: { } errors } => Results.ValidationProblem(errors),
            { Task: { } task } => Results.Json(new { task_id = task.Id, status = task.Status }, statusCode: StatusCodes.Status202Accepted),
            _ => Results.Problem(statusCode: outcome.Status ?? 500, detail: outcome.Detail),
        };
    }

    public sealed record UniquifyRequest(
        [property: JsonPropertyName("media_ids")] List<int>? MediaIds,
        [property: JsonPropertyName("copies")] int? Copies,
        [property: JsonPropertyName("name")] string? Name);

    public sealed record CookieRobotRequest(
        [property: JsonPropertyName("account_ids")] List<int>? AccountIds,
        [property: JsonPropertyName("urls")] List<string>? Urls,
        [property: JsonPropertyName("name")] string? Name);
}
