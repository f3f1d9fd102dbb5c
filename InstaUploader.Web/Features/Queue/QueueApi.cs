using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using InstaUploader.Contracts;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.WorkerApi;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// Seed 003's dispatch protocol adapted to per-account items: POST /api/queries/claim_next/ takes the next
/// runnable item atomically; PATCH /api/queries/{id}/ finishes it (lease owner only); POST /api/logs/ appends
/// log lines; POST /api/queries/{id}/lease/ renews the lease of a long-running item.
/// </summary>
public static class QueueApi
{
    public const string EmptyQueueDetail = "No queued queries available";

    public static IEndpointRouteBuilder MapQueueApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireWorker().WithTags("Queue");
        api.MapPost("/queries/claim_next/", ClaimNextAsync).AddEndpointFilter(QueueMeters.MeasureClaimAsync);
        api.MapPost("/queries/complete/", CompleteManyAsync);
        api.MapPost("/queries/leases/", RenewManyAsync);
        api.MapPatch("/queries/{id}/", UpdateAsync);
        api.MapPost("/queries/{id:long}/lease/", RenewAsync);
        api.MapPost("/queries/{id:long}/release/", async (long id, ClaimsPrincipal user, WorkItems queue, CancellationToken ct) =>
            await queue.ReleaseAsync(id, Owner(user), ct)
                ? Results.Json(new { id, status = ItemStatuses.Queued })
                : Results.Problem(statusCode: 409, title: "Conflict", detail: $"Query {id} is not in progress under your lease."));
        api.MapPost("/logs/", LogAsync);
        api.MapPost("/logs/batch/", LogBatchAsync);
        return app;
    }

    private static string Owner(ClaimsPrincipal user) => user.Identity?.Name ?? "worker";

    /// <summary>The most items one claim, completion or renewal request may carry.</summary>
    public const int MaxBatch = 100;

    private static async Task<IResult> ClaimNextAsync(
        string? kind, int? task_id, int? lease_seconds, int? limit, ClaimsPrincipal user, WorkSources sources, CancellationToken ct)
    {
        if (limit is < 1 or > MaxBatch)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Must be between 1 and {MaxBatch}."] });
        }

        if (kind is not null && !sources.Kinds.Contains(kind))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["kind"] = [$"Unknown kind '{kind}'. Allowed: {string.Join(", ", sources.Kinds)}."],
            });
        }

        if (lease_seconds is < 1 or > 3600)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["lease_seconds"] = ["Must be between 1 and 3600."] });
        }

        var lease = lease_seconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        if (limit is { } most)
        {
            // Up to that many in one statement per source, answered as {"items": [...]} (empty when nothing is runnable).
            return Results.Json(new { items = await sources.ClaimManyAsync(Owner(user), most, kind, task_id, lease, ct) });
        }

        return await sources.ClaimNextAsync(Owner(user), kind, task_id, lease, ct) is { } claimed
            ? Results.Json(claimed)
            : Results.Json(new { detail = EmptyQueueDetail }, statusCode: StatusCodes.Status404NotFound);
    }

    public sealed record UpdateQueryRequest(
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("answer_text"), MaxLength(TextRules.MaxLogLineLength)] string? AnswerText,
        [property: JsonPropertyName("query_finished")] DateTimeOffset? QueryFinished,
        [property: JsonPropertyName("result")] JsonElement? Result,
        [property: JsonPropertyName("error"), MaxLength(TextRules.MaxLogLineLength)] string? Error,
        [property: JsonPropertyName("retryable")] bool? Retryable,
        [property: JsonPropertyName("retry_after_seconds")] double? RetryAfterSeconds);

    private static async Task<IResult> UpdateAsync(string id, JsonElement raw, ClaimsPrincipal user, WorkSources sources, CancellationToken ct) =>
        await sources.ReportAsync(id, Owner(user), raw, ct)
            ?? Results.Problem(statusCode: 404, title: "Not found", detail: $"No query '{id}'.");

    internal readonly record struct FieldError(string Field, string Message);

    /// <summary>A PATCH body (or one item of a batch completion) as the queue's command, or the field that is wrong.</summary>
    internal static (CompleteCommand? Command, FieldError Error) ParseCompletion(JsonElement raw)
    {
        UpdateQueryRequest body;
        try
        {
            body = raw.Deserialize<UpdateQueryRequest>(WorkPayloads.Json) ?? throw new JsonException("empty body");
        }
        catch (JsonInputException ex)
        {
            var (field, messages) = ex.ErrorsAt(ex.Path).First();
            return (null, new FieldError(field, messages[0]));
        }
        catch (JsonException ex)
        {
            return (null, new FieldError("body", $"Malformed: {ex.Message}"));
        }

        if (body.Status is not (ItemStatuses.Done or ItemStatuses.Failed))
        {
            return (null, new FieldError("status", $"Must be '{ItemStatuses.Done}' or '{ItemStatuses.Failed}'."));
        }

        return (new CompleteCommand(
            body.Status,
            body.Error ?? (body.Status == ItemStatuses.Failed ? body.AnswerText : null),
            body.Result is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } r ? r.GetRawText() : null,
            body.AnswerText,
            body.Retryable ?? false,
            body.RetryAfterSeconds is > 0 and var ra ? TimeSpan.FromSeconds(ra) : null,
            body.QueryFinished), default);
    }

    public sealed record CompleteManyRequest([property: JsonPropertyName("items")] List<JsonElement>? Items);

    /// <summary>
    /// POST /api/queries/complete/ {"items": [{"id", ...PATCH body}]}: finishes several items in one database round trip.
    /// Answers per item, in order: {"id", "ok": true, "status", "attempts", "query_finished", "run_after"} or
    /// {"id", "ok": false, "error": "not_found" | "conflict"}.
    /// </summary>
    private static async Task<IResult> CompleteManyAsync(CompleteManyRequest body, ClaimsPrincipal user, WorkItems queue, CancellationToken ct)
    {
        if (body.Items is not { Count: > 0 and <= MaxBatch } items)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["items"] = [$"Required: 1 to {MaxBatch} items."] });
        }

        var errors = new Dictionary<string, string[]>();
        var commands = new List<(long, CompleteCommand)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var raw = items[i];
            if (raw.ValueKind != JsonValueKind.Object || !raw.TryGetProperty("id", out var idJson) || !idJson.TryGetInt64(out var id))
            {
                errors[$"items[{i}].id"] = ["Required: the numeric id of a claimed query."];
                continue;
            }

            switch (ParseCompletion(raw))
            {
                case (null, var error):
                    errors[$"items[{i}].{error.Field}"] = [error.Message];
                    break;
                case ({ } command, _):
                    commands.Add((id, command));
                    break;
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var results = await queue.CompleteManyAsync(Owner(user), commands, ct);
        return Results.Json(new
        {
            items = commands.Zip(results, (c, r) => r switch
            {
                { Found: false } => (object)new { id = c.Item1, ok = false, error = "not_found" },
                { Owned: false } => new { id = c.Item1, ok = false, error = "conflict" },
                _ => CompletionAnswer(r.Item!, ok: true),
            }),
        });
    }

    internal static object CompletionAnswer(CompletedItem item, bool? ok = null) => ok is null
        ? new
        {
            id = item.Id, status = item.Status, attempts = item.Attempts, query_finished = item.FinishedAt,
            run_after = item.Status == ItemStatuses.Queued ? item.RunAfter : (DateTimeOffset?)null,
        }
        : new
        {
            id = item.Id, ok, status = item.Status, attempts = item.Attempts, query_finished = item.FinishedAt,
            run_after = item.Status == ItemStatuses.Queued ? item.RunAfter : (DateTimeOffset?)null,
        };

    public sealed record RenewManyRequest(
        [property: JsonPropertyName("ids")] List<long>? Ids,
        [property: JsonPropertyName("lease_seconds")] int? LeaseSeconds);

    /// <summary>POST /api/queries/leases/ {"ids": [...], "lease_seconds"}: renews the caller's leases in one statement.</summary>
    private static async Task<IResult> RenewManyAsync(RenewManyRequest body, ClaimsPrincipal user, WorkItems queue, CancellationToken ct)
    {
        if (body.Ids is not { Count: > 0 and <= MaxBatch } ids)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = [$"Required: 1 to {MaxBatch} ids."] });
        }

        if (body.LeaseSeconds is < 1 or > 3600)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["lease_seconds"] = ["Must be between 1 and 3600."] });
        }

        long[] distinct = [.. ids.Distinct()];
        var renewed = await queue.RenewLeasesAsync(distinct, Owner(user), body.LeaseSeconds is { } s ? TimeSpan.FromSeconds(s) : null, ct);
        var held = renewed.Select(r => r.Id).ToHashSet();
        return Results.Json(new
        {
            renewed = renewed.Select(r => new { id = r.Id, lease_expires_at = r.Until }),
            lost = distinct.Where(id => !held.Contains(id)),
        });
    }

    public sealed record RenewRequest([property: JsonPropertyName("lease_seconds")] int? LeaseSeconds);

    private static async Task<IResult> RenewAsync(long id, RenewRequest? body, ClaimsPrincipal user, WorkItems queue, CancellationToken ct)
    {
        if (body?.LeaseSeconds is < 1 or > 3600)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["lease_seconds"] = ["Must be between 1 and 3600."] });
        }

        var until = await queue.RenewLeaseAsync(id, Owner(user), body?.LeaseSeconds is { } s ? TimeSpan.FromSeconds(s) : null, ct);
        return until is null
            ? Results.Problem(statusCode: 409, title: "Conflict", detail: $"Query {id} is not in progress under your lease (finished, cancelled or rescued).")
            : Results.Json(new { id, lease_expires_at = until });
    }

    public sealed record LogRequest(
        [property: JsonPropertyName("project")] int? Project,
        [property: JsonPropertyName("query")] long? Query,
        [property: JsonPropertyName("log_data"), MaxLength(TextRules.MaxLogLineLength)] string? LogData);

    private static async Task<IResult> LogAsync(LogRequest body, WorkItems items, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Query is null)
        {
            errors["query"] = ["Required: the id of the claimed query."];
        }

        if (LogLineError(body.LogData) is { } lineError)
        {
            errors["log_data"] = [lineError];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var now = time.GetUtcNow();
        var appended = await items.AppendLogsAsync([(body.Query!.Value, body.LogData!)], [], null, now, deferColumn: false, ct);
        if (appended.FirstLogId is not { } logId)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["query"] = [$"No query {body.Query}."] });
        }

        return Results.Json(new { id = logId, project = body.Project ?? appended.TaskId, query = body.Query, log_data = body.LogData, created_at = now },
            statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The most lines one batch may carry.</summary>
    public const int MaxLogBatch = 1000;

    /// <summary>The longest log line taken; longer ones are a client bug, not a log.</summary>
    public const int MaxLogLine = 10_000;

    private static string? LogLineError(string? line) =>
        string.IsNullOrWhiteSpace(line) ? "Required."
        : line.Length > MaxLogLine ? $"At most {MaxLogLine} characters."
        : line.Contains('\0', StringComparison.Ordinal) ? "Must not contain NUL characters."
        : null;

    /// <summary>The largest count one batch entry may add to one counter.</summary>
    public const int MaxCounterDelta = 1_000_000;

    public sealed record LogBatchRequest(
        [property: JsonPropertyName("lines")] List<LogRequest?>? Lines,
        [property: JsonPropertyName("counters")] List<LogBatchCounters?>? Counters);

    /// <summary>
    /// POST /api/logs/batch/ {"lines": [{"query", "log_data"}, ...], "counters": [{"query", "success", ...}, ...]}: many
    /// lines of many items appended in order and their counts added, in one statement. With an Idempotency-Key a retried
    /// batch is applied once.
    /// </summary>
    private static async Task<IResult> LogBatchAsync(
        LogBatchRequest body, HttpContext http, WorkItems items, ItemLogFolder folder, TimeProvider time, CancellationToken ct)
    {
        var lines = body.Lines ?? [];
        var counters = body.Counters ?? [];
        if (lines.Count > MaxLogBatch || counters.Count > MaxLogBatch || lines.Count + counters.Count == 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [lines.Count > MaxLogBatch || counters.Count == 0 ? "lines" : "counters"] =
                    [$"Required: 1 to {MaxLogBatch} lines, or 1 to {MaxLogBatch} counters, or both."],
            });
        }

        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i]?.Query is null)
            {
                errors[$"lines[{i}].query"] = ["Required: the id of the claimed query."];
            }

            if (LogLineError(lines[i]?.LogData) is { } lineError)
            {
                errors[$"lines[{i}].log_data"] = [lineError];
            }
        }

        for (var i = 0; i < counters.Count; i++)
        {
            if (counters[i]?.Query is null)
            {
                errors[$"counters[{i}].query"] = ["Required: the id of the claimed query."];
            }

            foreach (var (name, value) in CounterValues(counters[i]))
            {
                if (value is < 0 or > MaxCounterDelta)
                {
                    errors[$"counters[{i}].{name}"] = [$"Must be an integer from 0 to {MaxCounterDelta}."];
                }
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var appended = await items.AppendLogsAsync(
            [.. lines.Select(l => (l!.Query!.Value, l.LogData!))],
            [.. counters.Select(c => new CounterDelta(c!.Query!.Value, c.Success ?? 0, c.Failed ?? 0, c.Likes ?? 0, c.Follows ?? 0, c.Viewed ?? 0))],
            IdempotencyKeys.ScopedKey(http), time.GetUtcNow(), deferColumn: true, ct);
        if (appended.Appended > 0)
        {
            folder.Signal();
        }

        var known = appended.Items.ToHashSet();
        return Results.Json(new
        {
            ok = true,
            duplicate = appended.Duplicate,
            appended = appended.Appended,
            unknown_queries = appended.Duplicate ? [] : lines.Select(l => l!.Query!.Value).Concat(counters.Select(c => c!.Query!.Value))
                .Where(id => !known.Contains(id)).Distinct().ToArray(),
        });
    }

    private static IEnumerable<(string Name, int? Value)> CounterValues(LogBatchCounters? c) =>
        c is null ? [] : [("success", c.Success), ("failed", c.Failed), ("likes", c.Likes), ("follows", c.Follows), ("viewed", c.Viewed)];
}
