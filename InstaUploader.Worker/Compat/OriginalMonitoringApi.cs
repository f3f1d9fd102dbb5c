using System.Diagnostics;
using InstaUploader.Contracts.Control;
using InstaUploader.Worker.Features.Registration;
using InstaUploader.Worker.WebApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Compat;

/// <summary>
/// What the original Web's monitoring pages poll on a worker, in the shapes they read: /api/v1/health/simple
/// ({ok, status}), /api/v1/metrics (counters, resource_usage, service_status), /api/v1/locks ({active_locks, count}),
/// and the original fields of /api/v1/status (service, status, active_tasks, resource_usage, configuration).
/// </summary>
public static class OriginalMonitoringApi
{
    public const string Version = "2.0.0";

    public static void MapOriginalMonitoring(this IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        app.MapGet(ControlRoutes.SimpleHealth, () => TypedResults.Ok(new SimpleHealth(true, "healthy"))).AllowAnonymous();

        // The job figures come from the Web (SharedJobsApi), so every replica behind the shared endpoint gives the same;
        // resource_usage and service_status describe the process that answered.
        api.MapGet(ControlRoutes.MetricsTemplate, async Task<Results<Ok<WorkerMetricsAnswer>, ProblemHttpResult>> (
            WebApiClient web, IHostApplicationLifetime life, HttpResponse response, CancellationToken ct) =>
        {
            List<JobStatus> all;
            try
            {
                all = await web.ListJobsAsync(ct);
            }
            catch (Exception e) when (SharedJobsApi.IsUnreachable(e))
            {
                return SharedJobsApi.Unavailable(response);
            }

            // Several start calls for one task share its items: count each task once.
            var tasks = all.DistinctBy(j => j.TaskId).ToList();
            var active = all.Where(j => j.Running > 0).Select(j => j.JobId).ToList();
            return TypedResults.Ok(new WorkerMetricsAnswer(
                new Dictionary<string, long>
                {
                    ["items_completed"] = tasks.Sum(j => (long)j.Done),
                    ["items_failed"] = tasks.Sum(j => (long)j.Failed),
                    ["jobs_accepted"] = all.Count,
                },
                new Dictionary<string, long> { ["active_items"] = tasks.Sum(j => (long)j.Running) },
                active.Count,
                active,
                ResourceUsage(),
                new ServiceStatus(life.ApplicationStopping.IsCancellationRequested, active.Count, active)));
        });

        // The original worker locks a task while it runs it; ours holds no task locks (items are leased in the Web),
        // so the locks shown are the tasks with items in progress on any replica.
        api.MapGet(ControlRoutes.LocksTemplate, async Task<Results<Ok<WorkerLocks>, ProblemHttpResult>> (WebApiClient web, HttpResponse response, CancellationToken ct) =>
        {
            try
            {
                var locks = (await SharedJobsApi.RunningAsync(web, ct)).Select(j => $"{j.Kind}:{j.TaskId}").Distinct().ToList();
                return TypedResults.Ok(new WorkerLocks(locks, locks.Count));
            }
            catch (Exception e) when (SharedJobsApi.IsUnreachable(e))
            {
                return SharedJobsApi.Unavailable(response);
            }
        });
    }

    /// <summary>The original worker's resource stats (memory_mb, cpu_percent, …) for this process.</summary>
    public static ResourceUsage ResourceUsage()
    {
        using var process = Process.GetCurrentProcess();
        var uptime = DateTime.Now - process.StartTime;
        var cpu = uptime.TotalMilliseconds <= 0 ? 0
            : process.TotalProcessorTime.TotalMilliseconds / uptime.TotalMilliseconds / Environment.ProcessorCount * 100;
        return new ResourceUsage(process.WorkingSet64 / 1024.0 / 1024.0, Math.Round(cpu, 2), process.Threads.Count, DateTime.UtcNow.ToString("O"));
    }

    /// <summary>The original /api/v1/status fields, and ours after them.</summary>
    public static WorkerStatus Status(WorkerOptions options, WorkerActivity activity, IHostApplicationLifetime life) => new(
        "bulk_worker_service",
        Version,
        life.ApplicationStopping.IsCancellationRequested ? "shutting_down" : "running",
        activity.ActiveJobs,
        ResourceUsage(),
        new WorkerConfiguration(options.WorkerId, options.ConcurrencyLimit, UiApiConfigured: true, (int)RegistrationService.Interval.TotalSeconds),
        options.WorkerId,
        activity.ActiveJobs,
        activity.Metrics(),
        // The trace this request belongs to: lets callers check that trace context crossed the hop.
        Activity.Current?.TraceId.ToString());
}
