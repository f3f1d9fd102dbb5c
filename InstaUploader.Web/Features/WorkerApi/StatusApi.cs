using System.Text.Json;
using InstaUploader.Contracts.Status;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Queue;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// The status routes (docs/protocol.md#status-routes). Task: {status?, log?, log_append?} (log adds its text as it is,
/// as the original Web does — the original worker sends batch progress and errors through it; log_append adds a
/// timestamped line). Account item: {status?, log_append?}. Counters: numeric fields added to the item. Writes that are
/// not idempotent honour an Idempotency-Key header so a retried request is applied once; <see cref="WorkItems"/> applies them.
/// </summary>
public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WorkerRoutes.Prefix).RequireWorker().WithTags("Worker API");

        api.MapPost(WorkerRoutes.BulkTaskStatusTemplate, (int id, TaskStatusRequest body, HttpContext http, WorkItems items, CancellationToken ct) =>
            TaskStatusAsync(TaskKinds.BulkUpload, id, body, http, items, ct));
        api.MapPost(WorkerRoutes.BulkItemStatusTemplate, (long id, ItemStatusRequest body, HttpContext http, WorkItems items, CancellationToken ct) =>
            ItemStatusAsync(TaskKinds.BulkUpload, id, body, http, items, ct));
        api.MapPost(WorkerRoutes.BulkCountersTemplate, (long id, JsonElement body, HttpContext http, WorkItems items, CancellationToken ct) =>
            CountersAsync(TaskKinds.BulkUpload, id, body, CounterNames.Bulk, http, items, ct));

        api.MapPost(WorkerRoutes.TaskStatusTemplate, (string kind, int id, TaskStatusRequest body, HttpContext http, WorkItems items, CancellationToken ct) =>
            TaskStatusAsync(kind, id, body, http, items, ct));
        api.MapPost(WorkerRoutes.ItemStatusTemplate, (string kind, long id, ItemStatusRequest body, HttpContext http, WorkItems items, CancellationToken ct) =>
            ItemStatusAsync(kind, id, body, http, items, ct));
        api.MapPost(WorkerRoutes.CountersTemplate, (string kind, long id, JsonElement body, HttpContext http, WorkItems items, CancellationToken ct) =>
            CountersAsync(kind, id, body, CounterNames.Generic, http, items, ct));
        return app;
    }

    private static async Task<Results<Ok<StatusAnswer>, Ok<DuplicateAnswer>, ProblemHttpResult, ValidationProblem>> TaskStatusAsync(
        string kind, int id, TaskStatusRequest body, HttpContext http, WorkItems items, CancellationToken ct)
    {
        string? status = null;
        if (body.Status is not null && (status = StatusNames.Task(body.Status)) is null)
        {
            return Invalid("status", $"Unknown task status '{body.Status}'. Allowed: {string.Join(", ", TaskStatuses.All)}.");
        }

        var report = await items.ReportTaskStatusAsync(kind, id, status, body.Log, body.LogAppend, IdempotencyKeys.ScopedKey(http), ct);
        return report.Answer switch
        {
            ReportAnswer.Duplicate => TypedResults.Ok(DuplicateAnswer.Instance),
            ReportAnswer.NotFound => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No {kind} task {id}."),
            _ => TypedResults.Ok(new StatusAnswer(true, report.Id, report.Status!)),
        };
    }

    private static async Task<Results<Ok<StatusAnswer>, Ok<DuplicateAnswer>, ProblemHttpResult, ValidationProblem>> ItemStatusAsync(
        string kind, long id, ItemStatusRequest body, HttpContext http, WorkItems items, CancellationToken ct)
    {
        string? status = null;
        if (body.Status is not null && (status = StatusNames.Item(body.Status)) is null)
        {
            return Invalid("status", $"Unknown account status '{body.Status}'. Allowed: {string.Join(", ", ItemStatuses.All)}.");
        }

        var report = await items.ReportStatusAsync(kind, id, status, body.LogAppend, http.User.Identity?.Name ?? "", IdempotencyKeys.ScopedKey(http), ct);
        return report.Answer switch
        {
            ReportAnswer.Duplicate => TypedResults.Ok(DuplicateAnswer.Instance),
            ReportAnswer.NotFound => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No {kind} account task {id}."),
            ReportAnswer.ClaimedByOther => TypedResults.Problem(statusCode: 409, title: "Claimed by another worker",
                detail: $"Account task {id} is being run by worker '{report.LeaseOwner}' (lease until {report.LeaseExpiresAt:O})."),
            ReportAnswer.AccountBusy => TypedResults.Problem(statusCode: 409, title: "Account busy",
                detail: $"Account task {id}'s account already has an item in progress; it cannot run twice at once."),
            _ => TypedResults.Ok(new StatusAnswer(true, report.Id, report.Status!)),
        };
    }

    private static async Task<Results<Ok<CountersAnswer>, Ok<DuplicateAnswer>, ProblemHttpResult, ValidationProblem>> CountersAsync(
        string kind, long id, JsonElement body, string[] allowed, HttpContext http, WorkItems items, CancellationToken ct)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Invalid("body", $"Expected a JSON object of counters: {string.Join(", ", allowed)}.");
        }

        var deltas = new Dictionary<string, int>();
        var errors = new Dictionary<string, string[]>();
        foreach (var p in body.EnumerateObject())
        {
            if (!allowed.Contains(p.Name))
            {
                errors[p.Name] = [$"Unknown counter '{p.Name}'. Allowed: {string.Join(", ", allowed)}."];
            }
            else if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var n) || n < 0)
            {
                errors[p.Name] = ["Must be a non-negative integer."];
            }
            else
            {
                deltas[p.Name] = n;
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var report = await items.AddCountersAsync(kind, id, new ItemCounters(
            deltas.GetValueOrDefault(CounterNames.Success), deltas.GetValueOrDefault(CounterNames.Failed), deltas.GetValueOrDefault(CounterNames.Likes),
            deltas.GetValueOrDefault(CounterNames.Follows), deltas.GetValueOrDefault(CounterNames.Viewed)), IdempotencyKeys.ScopedKey(http), ct);
        return report switch
        {
            { Answer: ReportAnswer.Duplicate } => TypedResults.Ok(DuplicateAnswer.Instance),
            { Totals: { } t } => TypedResults.Ok(new CountersAnswer(true, id, t.Success, t.Failed, t.Likes, t.Follows, t.Viewed)),
            _ => TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No {kind} account task {id}."),
        };
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
