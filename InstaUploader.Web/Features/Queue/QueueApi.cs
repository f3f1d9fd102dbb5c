using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using InstaUploader.Contracts.Queue;
using InstaUploader.Contracts.Status;
using InstaUploader.Contracts.Scrape;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.WorkerApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InstaUploader.Web.Features.Queue;

/// <summary>
/// The claim protocol over per-account work items (docs/protocol.md): POST /api/queries/claim_next/ takes the next
/// runnable item atomically; PATCH /api/queries/{id}/ finishes it (lease owner only); POST /api/logs/ appends
/// log lines; POST /api/queries/{id}/lease/ renews the lease of a long-running item.
/// </summary>
public static class QueueApi
{
    public const string EmptyQueueDetail = EmptyQueue.NoQueuedQueries;

    /// <summary>Reports carry results, logs and session state (each JSON fragment up to a million characters) for up to <see cref="MaxBatch"/> items.</summary>
    public const long MaxReportBytes = 8 * 1024 * 1024;

    public static IEndpointRouteBuilder MapQueueApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WorkerRoutes.Prefix).RequireWorker().WithTags("Queue");
        api.MapPost(WorkerRoutes.ClaimNextTemplate, ClaimNextAsync).AddEndpointFilter(QueueMeters.MeasureClaimAsync);
        api.MapPost(WorkerRoutes.CompleteBatchTemplate, CompleteManyAsync).WithBodyLimit(MaxReportBytes);
        api.MapPost(WorkerRoutes.RenewBatchTemplate, RenewManyAsync);
        api.MapPatch(WorkerRoutes.CompleteTemplate, UpdateAsync).WithBodyLimit(MaxReportBytes);
        api.MapPost(WorkerRoutes.RenewTemplate, RenewAsync);
        api.MapPost(WorkerRoutes.ReleaseTemplate, async Task<Results<Ok<ReleaseAnswer>, ProblemHttpResult>> (long id, ClaimsPrincipal user, WorkItems queue, CancellationToken ct) =>
            await queue.ReleaseAsync(id, Owner(user), ct)
                ? TypedResults.Ok(new ReleaseAnswer(id, ItemStatuses.Queued))
                : TypedResults.Problem(statusCode: 409, title: "Conflict", detail: $"Query {id} is not in progress under your lease."));
        api.MapPost(WorkerRoutes.LogTemplate, LogAsync);
        api.MapPost(WorkerRoutes.LogBatchTemplate, LogBatchAsync).WithBodyLimit(MaxReportBytes);
        return app;
    }

    private static string Owner(ClaimsPrincipal user) => user.Identity?.Name ?? "worker";

    /// <summary>The most items one claim, completion or renewal request may carry.</summary>
    public const int MaxBatch = 100;

    private static async Task<Results<Ok<object>, Ok<ClaimBatch<object>>, NotFound<EmptyQueue>, ValidationProblem>> ClaimNextAsync(
        string? kind, int? task_id, int? lease_seconds, int? limit, ClaimsPrincipal user, WorkSources sources, CancellationToken ct)
    {
        if (limit is < 1 or > MaxBatch)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Must be between 1 and {MaxBatch}."] });
        }

        if (kind is not null && !sources.Kinds.Contains(kind))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["kind"] = [$"Unknown kind '{kind}'. Allowed: {string.Join(", ", sources.Kinds)}."],
            });
        }

        if (lease_seconds is < 1 or > 3600)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lease_seconds"] = ["Must be between 1 and 3600."] });
        }

        var lease = lease_seconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        if (limit is { } most)
        {
            // Up to that many in one statement per source, answered as {"items": [...]} (empty when nothing is runnable).
            return TypedResults.Ok(new ClaimBatch<object>(await sources.ClaimManyAsync(Owner(user), most, kind, task_id, lease, ct)));
        }

        return await sources.ClaimNextAsync(Owner(user), kind, task_id, lease, ct) is { } claimed
            ? TypedResults.Ok(claimed)
            : TypedResults.NotFound(EmptyQueue.Instance);
    }

    private static async Task<IResult> UpdateAsync(string id, JsonElement raw, ClaimsPrincipal user, WorkSources sources, CancellationToken ct) =>
        await sources.ReportAsync(id, Owner(user), raw, ct)
            ?? TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No query '{id}'.");

    internal readonly record struct FieldError(string Field, string Message);

    /// <summary>A PATCH body (or one item of a batch completion) as the queue's command, or the field that is wrong.</summary>
    internal static (CompleteCommand? Command, FieldError Error) ParseCompletion(JsonElement raw)
    {
        CompleteRequest body;
        try
        {
            body = raw.Deserialize<CompleteRequest>(WorkPayloads.Json) ?? throw new JsonException("empty body");
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

        if (body.AccountStatus is not null && !AccountStatuses.All.Contains(body.AccountStatus))
        {
            return (null, new FieldError("account_status", $"One of: {string.Join(", ", AccountStatuses.All)}."));
        }

        if (body.PushBack is not null && !PushBacks.All.Contains(body.PushBack))
        {
            return (null, new FieldError("push_back", $"One of: {string.Join(", ", PushBacks.All)}."));
        }

        return (new CompleteCommand(
            body.Status,
            body.Error ?? (body.Status == ItemStatuses.Failed ? body.AnswerText : null),
            body.Result is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } r ? r.GetRawText() : null,
            body.AnswerText,
            body.Retryable ?? false,
            body.RetryAfterSeconds is > 0 and var ra ? TimeSpan.FromSeconds(ra) : null,
            body.QueryFinished,
            body.AccountStatus,
            body.PushBack), default);
    }

    public sealed record CompleteManyRequest([property: JsonPropertyName("items")] List<JsonElement>? Items);

    /// <summary>
    /// POST /api/queries/complete/ {"items": [{"id", ...PATCH body}]}: finishes several items in one database round trip.
    /// Answers per item, in order: {"id", "ok": true, "status", "attempts", "query_finished", "run_after"} or
    /// {"id", "ok": false, "error": "not_found" | "conflict"}.
    /// </summary>
    private static async Task<Results<Ok<CompleteBatchAnswer>, ValidationProblem>> CompleteManyAsync(CompleteManyRequest body, ClaimsPrincipal user, WorkItems queue, CancellationToken ct)
    {
        if (body.Items is not { Count: > 0 and <= MaxBatch } items)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["items"] = [$"Required: 1 to {MaxBatch} items."] });
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
            return TypedResults.ValidationProblem(errors);
        }

        var results = await queue.CompleteManyAsync(Owner(user), commands, ct);
        return TypedResults.Ok(new CompleteBatchAnswer([.. commands.Zip(results, (c, r) => r switch
        {
            { Found: false } => new CompletionRefused(c.Item1, CompletionRefused.NotFound),
            { Owned: false } => new CompletionRefused(c.Item1, CompletionRefused.Conflict),
            _ => (BatchCompletionAnswer)new CompletionAccepted(
                r.Item!.Id, r.Item.Status, r.Item.Attempts, r.Item.FinishedAt, r.Item.Status == ItemStatuses.Queued ? r.Item.RunAfter : null),
        })]));
    }

    internal static CompletionAnswer AnswerOf(CompletedItem item) => new(
        item.Id, item.Status, item.Attempts, item.FinishedAt, item.Status == ItemStatuses.Queued ? item.RunAfter : null);

    /// <summary>POST /api/queries/leases/ {"ids": [...], "lease_seconds"}: renews the caller's leases in one statement.</summary>
    private static async Task<Results<Ok<RenewBatchAnswer>, ValidationProblem>> RenewManyAsync(RenewBatchRequest body, ClaimsPrincipal user, WorkItems queue, CancellationToken ct)
    {
        if (body.Ids is not { Count: > 0 and <= MaxBatch } ids)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["ids"] = [$"Required: 1 to {MaxBatch} ids."] });
        }

        if (body.LeaseSeconds is < 1 or > 3600)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lease_seconds"] = ["Must be between 1 and 3600."] });
        }

        long[] distinct = [.. ids.Distinct()];
        var renewed = await queue.RenewLeasesAsync(distinct, Owner(user), body.LeaseSeconds is { } s ? TimeSpan.FromSeconds(s) : null, ct);
        var held = renewed.Select(r => r.Id).ToHashSet();
        return TypedResults.Ok(new RenewBatchAnswer([.. renewed.Select(r => new LeaseAnswer(r.Id, r.Until))], [.. distinct.Where(id => !held.Contains(id))]));
    }

    private static async Task<Results<Ok<LeaseAnswer>, ProblemHttpResult, ValidationProblem>> RenewAsync(long id, RenewRequest? body, ClaimsPrincipal user, WorkItems queue, CancellationToken ct)
    {
        if (body?.LeaseSeconds is < 1 or > 3600)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lease_seconds"] = ["Must be between 1 and 3600."] });
        }

        var until = await queue.RenewLeaseAsync(id, Owner(user), body?.LeaseSeconds is { } s ? TimeSpan.FromSeconds(s) : null, ct);
        return until is null
            ? TypedResults.Problem(statusCode: 409, title: "Conflict", detail: $"Query {id} is not in progress under your lease (finished, cancelled or rescued).")
            : TypedResults.Ok(new LeaseAnswer(id, until.Value));
    }

    /// <summary>
    /// POST /api/logs/ {"project", "query", "log_data"}: one line, appended to the item's log at once. With an
    /// Idempotency-Key a retried line is stored once and the retry is answered with the stored line.
    /// </summary>
    private static async Task<Results<Created<LogAnswer>, ValidationProblem>> LogAsync(
        LogRequest body, HttpContext http, WorkItems items, TimeProvider time, CancellationToken ct)
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
            return TypedResults.ValidationProblem(errors);
        }

        // As PostgreSQL stores it (microseconds), so a retry's answer, read back, matches the first one.
        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
        var appended = await items.AppendLogsAsync([(body.Query!.Value, body.LogData!)], [], IdempotencyKeys.ScopedKey(http), now, ct);
        if (appended.Duplicate && await items.StoredLineAsync(body.Query.Value, body.LogData!, ct) is { } stored)
        {
            return TypedResults.Created((string?)null, new LogAnswer(stored.Id, body.Project ?? stored.TaskId, body.Query.Value, body.LogData, stored.At));
        }

        if (appended.FirstLogId is not { } logId)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["query"] = [$"No query {body.Query}."] });
        }

        return TypedResults.Created((string?)null, new LogAnswer(logId, body.Project ?? appended.TaskId, body.Query.Value, body.LogData, now));
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

    /// <summary>
    /// POST /api/logs/batch/ {"lines": [{"query", "log_data"}, ...], "counters": [{"query", "success", ...}, ...]}: many
    /// lines of many items appended in order and their counts added, in one statement. With an Idempotency-Key a retried
    /// batch is applied once.
    /// </summary>
    private static async Task<Results<Ok<LogBatchAnswer>, ValidationProblem>> LogBatchAsync(
        LogBatchRequest body, HttpContext http, WorkItems items, TimeProvider time, CancellationToken ct)
    {
        var lines = body.Lines ?? [];
        var counters = body.Counters ?? [];
        if (lines.Count > MaxLogBatch || counters.Count > MaxLogBatch || lines.Count + counters.Count == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
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
            return TypedResults.ValidationProblem(errors);
        }

        var appended = await items.AppendLogsAsync(
            [.. lines.Select(l => (l!.Query!.Value, l.LogData!))],
            [.. counters.Select(c => new CounterDelta(c!.Query!.Value, c.Success ?? 0, c.Failed ?? 0, c.Likes ?? 0, c.Follows ?? 0, c.Viewed ?? 0))],
            IdempotencyKeys.ScopedKey(http), time.GetUtcNow(), ct);

        var known = appended.Items.ToHashSet();
        return TypedResults.Ok(new LogBatchAnswer(true, appended.Duplicate, appended.Appended,
            appended.Duplicate ? [] : [.. lines.Select(l => l!.Query!.Value).Concat(counters.Select(c => c!.Query!.Value)).Where(id => !known.Contains(id)).Distinct()]));
    }

    private static IEnumerable<(string Name, int? Value)> CounterValues(LogBatchCounters? c) =>
        c is null ? [] : [(CounterNames.Success, c.Success), (CounterNames.Failed, c.Failed), (CounterNames.Likes, c.Likes),
            (CounterNames.Follows, c.Follows), (CounterNames.Viewed, c.Viewed)];
}
