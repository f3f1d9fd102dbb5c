using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Queue;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// Seed 000/001 status routes. Task: {status?, log?, log_append?} (log adds its text as it is, as the original Web
/// does — the original worker sends batch progress and errors through it; log_append adds a timestamped line). Account item: {status?, log_append?}. Counters: numeric fields added to the item.
/// Writes that are not idempotent honour an Idempotency-Key header so a retried request is applied once.
/// </summary>
public static class StatusApi
{
    private static readonly string[] BulkCounters = ["success", "failed"];
    private static readonly string[] GenericCounters = ["success", "failed", "likes", "follows", "viewed"];

    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireWorker().WithTags("Worker API");
        var kind = AggregateApi.KindRoute;

        api.MapPost("/bulk-tasks/{id:int}/status", (int id, TaskStatusRequest body, HttpContext http, WorkItems items, CancellationToken ct) =>
            TaskStatusAsync(TaskKinds.BulkUpload, id, body, http, items, ct));
        api.MapPost("/bulk-accounts/{id:long}/status", (long id, AccountStatusRequest body, HttpContext http, WorkItems items, CancellationToken ct) =>
            AccountStatusAsync(TaskKinds.BulkUpload, id, body, http, items, ct));
        api.MapPost("/bulk-accounts/{id:long}/counters", (long id, JsonElement body, HttpContext http, WorkItems items, CancellationToken ct) =>
            CountersAsync(TaskKinds.BulkUpload, id, body, BulkCounters, http, items, ct));

        api.MapPost($"/{kind}/{{id:int}}/status", (string kind, int id, TaskStatusRequest body, HttpContext http, WorkItems items, CancellationToken ct) =>
            TaskStatusAsync(kind, id, body, http, items, ct));
        api.MapPost($"/{kind}/accounts/{{id:long}}/status", (string kind, long id, AccountStatusRequest body, HttpContext http, WorkItems items, CancellationToken ct) =>
            AccountStatusAsync(kind, id, body, http, items, ct));
        api.MapPost($"/{kind}/accounts/{{id:long}}/counters", (string kind, long id, JsonElement body, HttpContext http, WorkItems items, CancellationToken ct) =>
            CountersAsync(kind, id, body, GenericCounters, http, items, ct));
        return app;
    }

    public sealed record TaskStatusRequest(
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("log"), MaxLength(LogText.MaxLength)] string? Log,
        [property: JsonPropertyName("log_append"), MaxLength(TextRules.MaxLogLineLength)] string? LogAppend);

    public sealed record AccountStatusRequest(
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("log_append"), MaxLength(TextRules.MaxLogLineLength)] string? LogAppend);

    private static async Task<IResult> TaskStatusAsync(
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
            ReportAnswer.Duplicate => Results.Json(new { ok = true, duplicate = true }),
            ReportAnswer.NotFound => Results.Problem(statusCode: 404, title: "Not found", detail: $"No {kind} task {id}."),
            _ => Results.Json(new { ok = true, id = (int)report.Id, status = report.Status }),
        };
    }

    private static async Task<IResult> AccountStatusAsync(
        string kind, long id, AccountStatusRequest body, HttpContext http, WorkItems items, CancellationToken ct)
    {
        string? status = null;
        if (body.Status is not null && (status = StatusNames.Item(body.Status)) is null)
        {
            return Invalid("status", $"Unknown account status '{body.Status}'. Allowed: {string.Join(", ", ItemStatuses.All)}.");
        }

        var report = await items.ReportStatusAsync(kind, id, status, body.LogAppend, http.User.Identity?.Name ?? "", IdempotencyKeys.ScopedKey(http), ct);
        return report.Answer switch
        {
            ReportAnswer.Duplicate => Results.Json(new { ok = true, duplicate = true }),
            ReportAnswer.NotFound => Results.Problem(statusCode: 404, title: "Not found", detail: $"No {kind} account task {id}."),
            ReportAnswer.ClaimedByOther => Results.Problem(statusCode: 409, title: "Claimed by another worker",
                detail: $"Account task {id} is being run by worker '{report.LeaseOwner}' (lease until {report.LeaseExpiresAt:O})."),
            ReportAnswer.AccountBusy => Results.Problem(statusCode: 409, title: "Account busy",
                detail: $"Account task {id}'s account already has an item in progress; it cannot run twice at once."),
            _ => Results.Json(new { ok = true, id = report.Id, status = report.Status }),
        };
    }

    private static async Task<IResult> CountersAsync(
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
            return Results.ValidationProblem(errors);
        }

        var report = await items.AddCountersAsync(kind, id, new ItemCounters(
            deltas.GetValueOrDefault("success"), deltas.GetValueOrDefault("failed"), deltas.GetValueOrDefault("likes"),
            deltas.GetValueOrDefault("follows"), deltas.GetValueOrDefault("viewed")), IdempotencyKeys.ScopedKey(http), ct);
        return report switch
        {
            { Answer: ReportAnswer.Duplicate } => Results.Json(new { ok = true, duplicate = true }),
            { Totals: { } t } => Results.Json(new { ok = true, id, success = t.Success, failed = t.Failed, likes = t.Likes, follows = t.Follows, viewed = t.Viewed }),
            _ => Results.Problem(statusCode: 404, title: "Not found", detail: $"No {kind} account task {id}."),
        };
    }

    private static IResult Invalid(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
