using System.Text.Json;
using System.Threading.Channels;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Calendar;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Queue;
using InstaUploader.Web.Features.Security;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>Task lifecycle for the operator API and the UI: create (items pending), start (queue + nudge), cancel, retry failed.</summary>
public sealed class TaskService(
    AppDbContext db, WorkItems items, Channel<DispatchRequest> dispatch, TaskScheduling scheduling, TimeProvider time,
    AuditLog audit, ICurrentWorkspace caller)
{
    public sealed record Outcome(AutomationTask? Task, Dictionary<string, string[]>? Errors = null, int? Status = null, string? Detail = null)
    {
        public static Outcome Invalid(Dictionary<string, string[]> errors) => new(null, errors);
        public static Outcome Problem(int status, string detail) => new(null, null, status, detail);

        /// <summary>What a retry queued and left, when the action was one.</summary>
        public RetryResult? Retry { get; init; }
    }

    public async Task<Outcome> CreateAsync(CreateTaskRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var kind = request.Kind?.Trim().ToLowerInvariant();
        if (kind is null || !TaskKinds.IsKnown(kind))
        {
            errors["kind"] = [$"Required, one of: {string.Join(", ", TaskKinds.All)}."];
            return Outcome.Invalid(errors);
        }

        var options = request.Options is { ValueKind: JsonValueKind.Object } o ? o : JsonDocument.Parse("{}").RootElement;
        if (request.Options is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null and not JsonValueKind.Undefined })
        {
            errors["options"] = ["Must be a JSON object."];
        }

        if (request.Name is { Length: > 200 })
        {
            errors["name"] = ["At most 200 characters."];
        }

        if (request.MaxAttempts is < 1 or > 20)
        {
            errors["max_attempts"] = ["Must be from 1 to 20."];
        }

        TaskOptionsValidator.Validate(kind, options, errors);
        var needsAccounts = kind is not (TaskKinds.ProxyDiag or TaskKinds.MediaUniq);
        var schedule = PostingScheduleJson.Read(options, time.GetUtcNow(), errors);
        if (schedule is not null && !needsAccounts)
        {
            errors["options.schedule"] = ["Only tasks of accounts can be scheduled."];
        }

        var accountIds = (request.AccountIds ?? []).Distinct().ToList();
        if (needsAccounts && accountIds.Count == 0)
        {
            errors["account_ids"] = ["Select at least one account."];
        }

        var known = await db.Accounts.Where(a => accountIds.Contains(a.Id)).Select(a => a.Id).ToListAsync(ct);
        if (accountIds.Except(known).ToList() is { Count: > 0 } missing)
        {
            errors["account_ids"] = [$"Unknown account id(s): {string.Join(", ", missing)}."];
        }

        var videos = request.Videos ?? [];
        if (kind == TaskKinds.BulkUpload)
        {
            await ValidateMediaAsync("videos", videos.Select(v => v.MediaId).ToList(), MediaKind.Video, errors, ct);
        }

        var proxyIds = (request.ProxyIds ?? []).Distinct().ToList();
        var mediaIds = (request.MediaIds ?? []).Distinct().ToList();
        if (kind == TaskKinds.ProxyDiag)
        {
            if (proxyIds.Count == 0 && accountIds.Count == 0)
            {
                errors["proxy_ids"] = ["Select at least one proxy (or accounts whose proxies to check)."];
            }

            var knownProxies = await db.Proxies.Where(p => proxyIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
            if (proxyIds.Except(knownProxies).ToList() is { Count: > 0 } missingProxies)
            {
                errors["proxy_ids"] = [$"Unknown proxy id(s): {string.Join(", ", missingProxies)}."];
            }
        }

        if (kind == TaskKinds.MediaUniq)
        {
            await ValidateMediaAsync("media_ids", mediaIds, MediaKind.Video, errors, ct);
        }

        if (kind == TaskKinds.Avatar && options.TryGetProperty("image_ids", out var imageIds) && imageIds.ValueKind == JsonValueKind.Array)
        {
            var ids = imageIds.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt32()).ToList();
            await ValidateMediaAsync("options.image_ids", ids, MediaKind.Image, errors, ct);
        }

        if (kind == TaskKinds.Follow && TaskOptionsValidator.Int(options, "category_id") is { } categoryId
            && !await db.FollowCategories.AnyAsync(c => c.Id == categoryId, ct))
        {
            errors["options.category_id"] = [$"No follow category {categoryId}."];
        }

        if (errors.Count > 0)
        {
            return Outcome.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var task = new AutomationTask
        {
            Kind = kind,
            Name = string.IsNullOrWhiteSpace(request.Name) ? $"{kind} {now:yyyy-MM-dd HH:mm}" : request.Name.Trim(),
            Options = options.GetRawText(),
            CreatedAt = now,
        };
        task.Videos = [.. videos.Select((v, i) => new TaskVideo { MediaId = v.MediaId, Order = i, Title = v.Title, Location = v.Location, Mentions = v.Mentions })];
        task.Items = BuildItems(kind, accountIds, proxyIds, mediaIds, options, request, now);
        if (schedule is not null)
        {
            if (kind == TaskKinds.BulkUpload)
            {
                // A post per item, so that each video of an account gets a due time of its own.
                task.Items = [.. accountIds.SelectMany(a => videos.Select(v => (a, v.MediaId)))
                    .Select((p, i) => Item(kind, i, request, now, accountId: p.a, mediaId: p.MediaId))];
            }

            await scheduling.PlanAsync(task, schedule, ct);
        }

        db.Tasks.Add(task);
        await audit.SaveInsertAsync(a => a.Record(AuditActions.TaskCreated, "task", task.Id.ToString(), details: new { task.Kind, task.Name, items = task.Items.Count }), ct);

        return request.Start ? await StartAsync(task.Id, ct) : new Outcome(task);
    }

    private static List<TaskItem> BuildItems(
        string kind, List<int> accountIds, List<int> proxyIds, List<int> mediaIds, JsonElement options, CreateTaskRequest request, DateTimeOffset now)
    {
        TaskItem Item(int position, int? accountId = null, int? proxyId = null, int? mediaId = null) =>
            TaskService.Item(kind, position, request, now, accountId, proxyId, mediaId);

        return kind switch
        {
            TaskKinds.ProxyDiag when proxyIds.Count > 0 => [.. proxyIds.Select((p, i) => Item(i, proxyId: p))],
            TaskKinds.MediaUniq => [.. mediaIds.SelectMany(m => Enumerable.Range(0, TaskOptionsValidator.Int(options, "copies") ?? 1)
                .Select(copy => Item(copy, mediaId: m)))],
            _ => [.. accountIds.Select((a, i) => Item(i, accountId: a))],
        };
    }

    private static TaskItem Item(
        string kind, int position, CreateTaskRequest request, DateTimeOffset now, int? accountId = null, int? proxyId = null, int? mediaId = null) => new()
    {
        Kind = kind, Position = position, AccountId = accountId, ProxyId = proxyId, MediaId = mediaId,
        CreatedAt = now, UpdatedAt = now, RunAfter = now, MaxAttempts = request.MaxAttempts ?? 3, Priority = request.Priority ?? 0,
    };

    private async Task ValidateMediaAsync(string field, List<int> ids, string kind, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            errors[field] = [$"Select at least one {kind}."];
            return;
        }

        var found = await db.Media.Where(m => ids.Contains(m.Id) && m.Kind == kind).Select(m => m.Id).ToListAsync(ct);
        if (ids.Except(found).ToList() is { Count: > 0 } missing)
        {
            errors[field] = [$"Not {kind}s of the media library: {string.Join(", ", missing)}."];
        }
    }

    /// <summary>
    /// Queues the task's pending items and nudges the workers. Idempotent for a running task: queuing moves only pending
    /// items, in one statement, so two starts at once queue each item once. The task's state is the one guard.
    /// </summary>
    public async Task<Outcome> StartAsync(int id, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return Outcome.Problem(404, $"No task {id}.");
        }

        // The queue's writes are raw SQL, past the context's save guard: the role is checked here.
        caller.EnsureOperates();

        if (TaskStatuses.IsTerminal(task.Status))
        {
            return Outcome.Problem(409, $"Task {id} is {task.Status}; use retry-failed to run its failed items again.");
        }

        audit.Record(AuditActions.TaskStarted, "task", task.Id.ToString(), details: new { task.Kind });
        var queued = await items.QueueTaskAsync(task, ct);
        await NudgeAsync(task, ct);
        await db.Entry(task).ReloadAsync(ct);
        return new Outcome(task) { Status = queued };
    }

    public async Task<Outcome> CancelAsync(int id, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return Outcome.Problem(404, $"No task {id}.");
        }

        // The queue's writes are raw SQL, past the context's save guard: the role is checked here.
        caller.EnsureOperates();

        if (TaskStatuses.IsTerminal(task.Status))
        {
            return Outcome.Problem(409, $"Task {id} is already {task.Status}.");
        }

        audit.Record(AuditActions.TaskCancelled, "task", task.Id.ToString(), details: new { task.Kind });
        await items.CancelTaskAsync(task, ct);
        return new Outcome(task);
    }

    /// <summary>Puts the task's items of <paramref name="scope"/> back in the queue with fresh attempts and restarts the task.</summary>
    public async Task<Outcome> RetryAsync(int id, RetryScope scope, CancellationToken ct)
    {
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (task is null)
        {
            return Outcome.Problem(404, $"No task {id}.");
        }

        audit.Record(AuditActions.TaskRetried, "task", task.Id.ToString(), details: new { task.Kind, scope = scope.ToString() });
        // The queue's writes are raw SQL, past the context's save guard: the role is checked here.
        caller.EnsureOperates();

        var retry = await items.RetryAsync(task, scope, ct);
        if (retry.Requeued == 0)
        {
            return Outcome.Problem(409, $"Task {id}: {retry.Message}");
        }

        await NudgeAsync(task, ct);
        return new Outcome(task) { Status = retry.Requeued, Retry = retry };
    }

    public Task<TaskProgress> ProgressAsync(int id, CancellationToken ct) => new TaskQueries(db).ProgressAsync(id, ct);

    private async Task NudgeAsync(AutomationTask task, CancellationToken ct)
    {
        var count = await db.TaskItems.CountAsync(i => i.TaskId == task.Id && i.Status == ItemStatuses.Queued, ct);
        var method = TaskOptionsValidator.Str(JsonDocument.Parse(task.Options).RootElement, "upload_method");
        dispatch.Writer.TryWrite(new DispatchRequest(task.Kind, task.Id, count, method));
    }
}
