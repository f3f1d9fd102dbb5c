using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using InstaUploader.Contracts.Status;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Queue;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// The status routes (docs/protocol.md). Task: {status?, log?, log_append?} (log adds its text as it is, as the original Web
/// does — the original worker sends batch progress and errors through it; log_append adds a timestamped line). Account item: {status?, log_append?}. Counters: numeric fields added to the item.
/// Writes that are not idempotent honour an Idempotency-Key header so a retried request is applied once.
/// </summary>
public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WorkerRoutes.Prefix).RequireWorker().WithTags("Worker API");

        api.MapPost(WorkerRoutes.BulkTaskStatusTemplate, (int id, TaskStatusRequest body, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct) =>
            TaskStatusAsync(TaskKinds.BulkUpload, id, body, http, db, time, ct));
        api.MapPost(WorkerRoutes.BulkItemStatusTemplate, (long id, ItemStatusRequest body, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct) =>
            AccountStatusAsync(TaskKinds.BulkUpload, id, body, http, db, time, ct));
        api.MapPost(WorkerRoutes.BulkCountersTemplate, (long id, JsonElement body, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct) =>
            CountersAsync(TaskKinds.BulkUpload, id, body, CounterNames.Bulk, http, db, time, ct));

        api.MapPost(WorkerRoutes.TaskStatusTemplate, (string kind, int id, TaskStatusRequest body, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct) =>
            TaskStatusAsync(kind, id, body, http, db, time, ct));
        api.MapPost(WorkerRoutes.ItemStatusTemplate, (string kind, long id, ItemStatusRequest body, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct) =>
            AccountStatusAsync(kind, id, body, http, db, time, ct));
        api.MapPost(WorkerRoutes.CountersTemplate, (string kind, long id, JsonElement body, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct) =>
            CountersAsync(kind, id, body, CounterNames.Generic, http, db, time, ct));
        return app;
    }

    private static async Task<Results<Ok<StatusAnswer>, Ok<DuplicateAnswer>, ProblemHttpResult, ValidationProblem>> TaskStatusAsync(
        string kind, int id, TaskStatusRequest body, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        string? status = null;
        if (body.Status is not null && (status = StatusNames.Task(body.Status)) is null)
        {
            return Invalid("status", $"Unknown task status '{body.Status}'. Allowed: {string.Join(", ", TaskStatuses.All)}.");
        }

        // The key is recorded in the same transaction as the write, so a failed write does not use it up.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await IdempotencyKeys.AlreadyAppliedAsync(http, db, time, ct))
        {
            return TypedResults.Ok(DuplicateAnswer.Instance);
        }

        // One UPDATE: the status change and the log append cannot lose a concurrent writer's line.
        var now = time.GetUtcNow();
        var updated = await db.Database.SqlQueryRaw<StatusRow>(TaskStatusSql,
            new NpgsqlParameter<int>("id", id),
            new NpgsqlParameter<string>("kind", kind),
            new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = (object?)status ?? DBNull.Value },
            new NpgsqlParameter<bool>("terminal", status is not null && TaskStatuses.IsTerminal(status)),
            new NpgsqlParameter("log", NpgsqlDbType.Text) { Value = body.Log is { Length: > 0 } text ? text.TrimEnd('\n') : DBNull.Value },
            new NpgsqlParameter("line", NpgsqlDbType.Text) { Value = body.LogAppend is { Length: > 0 } line ? LogText.Line(line, now) : DBNull.Value },
            new NpgsqlParameter<DateTimeOffset>("now", now)).ToListAsync(ct);
        if (updated is not [var task])
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No {kind} task {id}.");
        }

        await tx.CommitAsync(ct);
        return TypedResults.Ok(new StatusAnswer(true, task.Id, task.Status));
    }

    // Columns bind by the snake_case naming convention (id, status, task_id).
    private sealed record StatusRow(long Id, string Status, int TaskId);

    /// <summary>The task log with "log" added as it is (the original Web appends it too).</summary>
    private static readonly string TaskLogSql = $"(CASE WHEN @log IS NULL THEN log ELSE {LogText.AppendSql("log", "@log")} END)";

    private static readonly string TaskStatusSql = $"""
        UPDATE tasks SET
            status = COALESCE(@status, status),
            started_at = CASE WHEN @status = 'running' THEN COALESCE(started_at, @now) ELSE started_at END,
            finished_at = CASE WHEN @status IS NULL THEN finished_at WHEN @terminal THEN @now ELSE NULL END,
            log = CASE WHEN @line IS NULL THEN {TaskLogSql} ELSE {LogText.AppendSql(TaskLogSql, "@line")} END
        WHERE id = @id AND kind = @kind
        RETURNING id::bigint AS id, status, id AS task_id
        """;

    private static readonly string ItemStatusSql = $"""
        UPDATE task_items SET
            status = COALESCE(@status, status),
            finished_at = CASE WHEN @terminal THEN @now ELSE finished_at END,
            lease_owner = CASE WHEN @terminal THEN NULL ELSE lease_owner END,
            lease_expires_at = CASE WHEN @terminal THEN NULL ELSE lease_expires_at END,
            started_at = CASE WHEN @status = 'in_progress' THEN COALESCE(started_at, @now) ELSE started_at END,
            log = CASE WHEN @line IS NULL THEN log ELSE {LogText.AppendSql("log", "@line")} END,
            updated_at = @now
        WHERE id = @id AND kind = @kind
        RETURNING id, status, task_id
        """;

    private static async Task<Results<Ok<StatusAnswer>, Ok<DuplicateAnswer>, ProblemHttpResult, ValidationProblem>> AccountStatusAsync(
        string kind, long id, ItemStatusRequest body, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        string? status = null;
        if (body.Status is not null && (status = StatusNames.Item(body.Status)) is null)
        {
            return Invalid("status", $"Unknown account status '{body.Status}'. Allowed: {string.Join(", ", ItemStatuses.All)}.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await IdempotencyKeys.AlreadyAppliedAsync(http, db, time, ct))
        {
            return TypedResults.Ok(DuplicateAnswer.Instance);
        }

        var now = time.GetUtcNow();
        var lease = await db.TaskItems.AsNoTracking().Where(i => i.Id == id && i.Kind == kind)
            .Select(i => new { i.Status, i.LeaseOwner, i.LeaseExpiresAt }).FirstOrDefaultAsync(ct);
        if (lease is null)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No {kind} account task {id}.");
        }

        if (status is not null && lease is { Status: ItemStatuses.InProgress, LeaseOwner: { } owner } && lease.LeaseExpiresAt > now
            && owner != (http.User.Identity?.Name ?? ""))
        {
            // A pull-mode worker (the original one runs every account of its aggregate batch) must not run an item
            // another worker has claimed: that would post the same videos twice.
            return TypedResults.Problem(statusCode: 409, title: "Claimed by another worker",
                detail: $"Account task {id} is being run by worker '{owner}' (lease until {lease.LeaseExpiresAt:O}).");
        }

        var terminal = status is not null && ItemStatuses.IsTerminal(status);
        List<StatusRow> updated;
        try
        {
            updated = await db.Database.SqlQueryRaw<StatusRow>(ItemStatusSql,
            new NpgsqlParameter<long>("id", id),
            new NpgsqlParameter<string>("kind", kind),
            new NpgsqlParameter("status", NpgsqlDbType.Text) { Value = (object?)status ?? DBNull.Value },
            new NpgsqlParameter<bool>("terminal", terminal),
            new NpgsqlParameter("line", NpgsqlDbType.Text) { Value = body.LogAppend is { Length: > 0 } line ? LogText.Line(line, now) : DBNull.Value },
            new NpgsqlParameter<DateTimeOffset>("now", now)).ToListAsync(ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The account lock (one in-progress item per account across tasks) refused a second running item.
            return TypedResults.Problem(statusCode: 409, title: "Account busy",
                detail: $"Account task {id}'s account already has an item in progress; it cannot run twice at once.");
        }

        if (updated is not [var item])
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No {kind} account task {id}.");
        }

        await tx.CommitAsync(ct);
        if (terminal)
        {
            await TaskRollup.UpdateAsync(db, item.TaskId, ct);
        }

        return TypedResults.Ok(new StatusAnswer(true, item.Id, item.Status));
    }

    private static async Task<Results<Ok<CountersAnswer>, Ok<DuplicateAnswer>, ProblemHttpResult, ValidationProblem>> CountersAsync(
        string kind, long id, JsonElement body, string[] allowed, HttpContext http, AppDbContext db, TimeProvider time, CancellationToken ct)
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

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await IdempotencyKeys.AlreadyAppliedAsync(http, db, time, ct))
        {
            return TypedResults.Ok(DuplicateAnswer.Instance);
        }

        int success = deltas.GetValueOrDefault("success"), failed = deltas.GetValueOrDefault("failed"),
            likes = deltas.GetValueOrDefault("likes"), follows = deltas.GetValueOrDefault("follows"), viewed = deltas.GetValueOrDefault("viewed");
        var updated = await db.TaskItems.Where(i => i.Id == id && i.Kind == kind).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Success, i => i.Success + success)
            .SetProperty(i => i.Failed, i => i.Failed + failed)
            .SetProperty(i => i.Likes, i => i.Likes + likes)
            .SetProperty(i => i.Follows, i => i.Follows + follows)
            .SetProperty(i => i.Viewed, i => i.Viewed + viewed)
            .SetProperty(i => i.UpdatedAt, time.GetUtcNow()), ct);
        if (updated == 0)
        {
            return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No {kind} account task {id}.");
        }

        await tx.CommitAsync(ct);
        var item = await db.TaskItems.AsNoTracking().FirstAsync(i => i.Id == id, ct);
        return TypedResults.Ok(new CountersAnswer(true, id, item.Success, item.Failed, item.Likes, item.Follows, item.Viewed));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
