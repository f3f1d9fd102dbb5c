using System.Text.Json;
using InstaUploader.Contracts.Control;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web.Features.WorkerApi;

/// <summary>
/// The jobs worker replicas accepted (docs/protocol.md#worker-api): a replica records each start call here and answers
/// GET /api/v1/jobs, /jobs/{id}/status, /metrics and /locks from here, so the shared worker endpoint gives one answer
/// whichever replica it picks. A job's counts are its task's items, whoever ran them.
/// </summary>
public static class WorkerJobsApi
{
    /// <summary>The list answers the most recent jobs; older ones are still found by id.</summary>
    public const int ListLimit = 200;

    public static IEndpointRouteBuilder MapWorkerJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup(WorkerRoutes.JobsGroup).RequireWorker().WithTags("Worker API");
        jobs.MapPost("/", RecordAsync);
        jobs.MapGet("/", ListAsync);
        jobs.MapGet(WorkerRoutes.JobTemplate, GetAsync);
        return app;
    }

    private static async Task<Results<Created<JobStatus>, Ok<JobStatus>, ValidationProblem>> RecordAsync(JobRecord body, AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.JobId) || body.JobId.Length > 64)
        {
            errors["job_id"] = ["Required, at most 64 characters."];
        }

        if (!TaskKinds.All.Contains(body.Kind))
        {
            errors["kind"] = [$"One of: {string.Join(", ", TaskKinds.All)}."];
        }

        if (body.TaskId < 1)
        {
            errors["task_id"] = ["Required, a positive task id."];
        }

        if (string.IsNullOrWhiteSpace(body.WorkerId))
        {
            errors["worker_id"] = ["Required."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // A retried record (its answer lost) finds the job already there.
        if (await db.WorkerJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == body.JobId, ct) is { } known)
        {
            return TypedResults.Ok((await DescribeAsync(db, [known], ct))[0]);
        }

        var job = new WorkerJob
        {
            Id = body.JobId,
            Kind = body.Kind,
            TaskId = body.TaskId,
            WorkerId = body.WorkerId,
            Options = body.Options is null ? null : JsonSerializer.Serialize(body.Options),
            AcceptedAt = time.GetUtcNow(),
        };
        db.WorkerJobs.Add(job);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // The retry and the original raced; the first one in recorded it.
            var first = await db.WorkerJobs.AsNoTracking().FirstAsync(j => j.Id == body.JobId, ct);
            return TypedResults.Ok((await DescribeAsync(db, [first], ct))[0]);
        }

        return TypedResults.Created(WorkerRoutes.Job(job.Id), (await DescribeAsync(db, [job], ct))[0]);
    }

    private static async Task<Ok<List<JobStatus>>> ListAsync(AppDbContext db, CancellationToken ct)
    {
        var recent = await db.WorkerJobs.AsNoTracking().OrderByDescending(j => j.AcceptedAt).ThenBy(j => j.Id).Take(ListLimit).ToListAsync(ct);
        return TypedResults.Ok(await DescribeAsync(db, recent, ct));
    }

    private static async Task<Results<Ok<JobStatus>, ProblemHttpResult>> GetAsync(string job_id, AppDbContext db, CancellationToken ct) =>
        await db.WorkerJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == job_id, ct) is { } job
            ? TypedResults.Ok((await DescribeAsync(db, [job], ct))[0])
            : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No job '{job_id}'.");

    private static async Task<List<JobStatus>> DescribeAsync(AppDbContext db, List<WorkerJob> jobs, CancellationToken ct)
    {
        var taskIds = jobs.Select(j => j.TaskId).Distinct().ToList();
        var progress = await db.TaskItems.AsNoTracking()
            .Where(i => taskIds.Contains(i.TaskId))
            .GroupBy(i => i.TaskId)
            .Select(g => new JobProgress(
                g.Key,
                g.Count(i => i.Status == ItemStatuses.InProgress),
                g.Count(i => i.Status == ItemStatuses.Done),
                g.Count(i => i.Status == ItemStatuses.Failed),
                g.Max(i => i.FinishedAt)))
            .ToDictionaryAsync(p => p.TaskId, ct);
        return [.. jobs.Select(j => Describe(j, progress.GetValueOrDefault(j.TaskId) ?? new JobProgress(j.TaskId, 0, 0, 0, null)))];
    }

    /// <summary>The original JobStatus fields (status one of PENDING, RUNNING, COMPLETED, FAILED) and ours beside them.</summary>
    private static JobStatus Describe(WorkerJob j, JobProgress p)
    {
        var state = p.Running > 0 ? "running" : p.Done + p.Failed > 0 ? "idle" : "accepted";
        var status = state switch
        {
            "running" => JobStatuses.Running,
            "accepted" => JobStatuses.Pending,
            _ => p.Done == 0 && p.Failed > 0 ? JobStatuses.Failed : JobStatuses.Completed,
        };
        var options = j.Options is null ? null : JsonSerializer.Deserialize<StartOptions>(j.Options);
        return new JobStatus(j.Id, j.Kind, j.TaskId, status, state, p.Done, p.Failed, 0, 0, null, p.Running, p.Done, p.Failed,
            j.AcceptedAt, p.LastFinishedAt, options);
    }

    private sealed record JobProgress(int TaskId, int Running, int Done, int Failed, DateTimeOffset? LastFinishedAt);
}
