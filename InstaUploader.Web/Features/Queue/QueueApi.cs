using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Scraper;
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
        api.MapPatch("/queries/{id}/", UpdateAsync);
        api.MapPost("/queries/{id:long}/lease/", RenewAsync);
        api.MapPost("/queries/{id:long}/release/", async (long id, ClaimsPrincipal user, WorkQueue queue, CancellationToken ct) =>
            await queue.ReleaseAsync(id, Owner(user), ct)
                ? Results.Json(new { id, status = ItemStatuses.Queued })
                : Results.Problem(statusCode: 409, title: "Conflict", detail: $"Query {id} is not in progress under your lease."));
        api.MapPost("/logs/", LogAsync);
        return app;
    }

    private static string Owner(ClaimsPrincipal user) => user.Identity?.Name ?? "worker";

    /// <summary>Scrape work (seed 004) lives in the scraper's own table and queue; the protocol is the same.</summary>
    private static readonly string[] ScrapeKinds = ["full_scrape", "discover"];

    private static async Task<IResult> ClaimNextAsync(
        string? kind, int? task_id, int? lease_seconds, ClaimsPrincipal user, WorkQueue queue, WorkPayloads payloads,
        HttpContext http, CancellationToken ct)
    {
        if (kind is not null && !TaskKinds.IsKnown(kind) && !ScrapeKinds.Contains(kind))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["kind"] = [$"Unknown kind '{kind}'. Allowed: {string.Join(", ", TaskKinds.All.Concat(ScrapeKinds))}."],
            });
        }

        if (lease_seconds is < 1 or > 3600)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["lease_seconds"] = ["Must be between 1 and 3600."] });
        }

        var lease = lease_seconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        if (kind is null || !ScrapeKinds.Contains(kind))
        {
            var claimed = await queue.ClaimNextAsync(Owner(user), kind, task_id, lease, ct);
            if (claimed is not null)
            {
                return Results.Json(await payloads.ClaimedItemAsync(claimed, ct));
            }
        }

        if ((kind is null && task_id is null) || ScrapeKinds.Contains(kind!))
        {
            // Resolved only here: most claims never reach the scraper's queue (and its DbContext).
            var scraper = http.RequestServices.GetRequiredService<ScraperQueue>();
            var scrape = await scraper.ClaimNextAsync(Owner(user), kind, lease ?? TimeSpan.FromMinutes(5), ct);
            if (scrape is not null)
            {
                return Results.Json(scrape);
            }
        }

        return Results.Json(new { detail = EmptyQueueDetail }, statusCode: StatusCodes.Status404NotFound);
    }

    public sealed record UpdateQueryRequest(
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("answer_text"), MaxLength(TextRules.MaxLogLineLength)] string? AnswerText,
        [property: JsonPropertyName("query_finished")] DateTimeOffset? QueryFinished,
        [property: JsonPropertyName("result")] JsonElement? Result,
        [property: JsonPropertyName("error"), MaxLength(TextRules.MaxLogLineLength)] string? Error,
        [property: JsonPropertyName("retryable")] bool? Retryable,
        [property: JsonPropertyName("retry_after_seconds")] double? RetryAfterSeconds);

    private static async Task<IResult> UpdateAsync(string id, JsonElement raw, ClaimsPrincipal user, WorkQueue queue, ScraperQueue scraper, CancellationToken ct)
    {
        if (Guid.TryParse(id, out var scrapeId))
        {
            return await scraper.UpdateAsync(scrapeId, Owner(user), raw, ct);
        }

        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var itemId))
        {
            return Results.Problem(statusCode: 404, title: "Not found", detail: $"No query '{id}'.");
        }

        UpdateQueryRequest body;
        try
        {
            body = raw.Deserialize<UpdateQueryRequest>(WorkPayloads.Json) ?? throw new JsonException("empty body");
        }
        catch (JsonInputException ex)
        {
            return Results.ValidationProblem(ex.ErrorsAt(ex.Path).ToDictionary());
        }
        catch (JsonException ex)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Malformed: {ex.Message}"] });
        }

        if (body.Status is not (ItemStatuses.Done or ItemStatuses.Failed))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["status"] = [$"Must be '{ItemStatuses.Done}' or '{ItemStatuses.Failed}'."],
            });
        }

        var command = new CompleteCommand(
            body.Status,
            body.Error ?? (body.Status == ItemStatuses.Failed ? body.AnswerText : null),
            body.Result is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } r ? r.GetRawText() : null,
            body.AnswerText,
            body.Retryable ?? false,
            body.RetryAfterSeconds is > 0 and var ra ? TimeSpan.FromSeconds(ra) : null,
            body.QueryFinished);
        var result = await queue.CompleteAsync(itemId, Owner(user), command, ct);
        return result switch
        {
            { Found: false } => Results.Problem(statusCode: 404, title: "Not found", detail: $"No query {itemId}."),
            { Owned: false } => Results.Problem(statusCode: 409, title: "Conflict",
                detail: $"Query {itemId} is not in progress under a lease held by '{Owner(user)}'."),
            _ => Results.Json(new
            {
                id = result.Item!.Id,
                status = result.Item.Status,
                attempts = result.Item.Attempts,
                query_finished = result.Item.FinishedAt,
                run_after = result.Item.Status == ItemStatuses.Queued ? result.Item.RunAfter : (DateTimeOffset?)null,
            }),
        };
    }

    public sealed record RenewRequest([property: JsonPropertyName("lease_seconds")] int? LeaseSeconds);

    private static async Task<IResult> RenewAsync(long id, RenewRequest? body, ClaimsPrincipal user, WorkQueue queue, CancellationToken ct)
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

    private static async Task<IResult> LogAsync(LogRequest body, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.Query is null)
        {
            errors["query"] = ["Required: the id of the claimed query."];
        }

        if (string.IsNullOrWhiteSpace(body.LogData))
        {
            errors["log_data"] = ["Required."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var item = await db.TaskItems.FindAsync([body.Query!.Value], ct);
        if (item is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["query"] = [$"No query {body.Query}."] });
        }

        var now = time.GetUtcNow();
        var log = new ItemLog { ItemId = item.Id, TaskId = item.TaskId, Message = body.LogData!, At = now };
        db.ItemLogs.Add(log);
        item.Log = LogText.Append(item.Log, body.LogData!, now);
        item.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return Results.Json(new { id = log.Id, project = body.Project ?? item.TaskId, query = item.Id, log_data = log.Message, created_at = log.At },
            statusCode: StatusCodes.Status201Created);
    }
}
