using System.Diagnostics;
using InstaUploader.Worker.Features.Registration;
using InstaUploader.Worker.Jobs;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Features.Control;

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
        app.MapGet("/api/v1/health/simple", () => Results.Json(new { ok = true, status = "healthy" })).AllowAnonymous();

        api.MapGet("/metrics", (WorkerActivity activity, JobTracker jobs, IHostApplicationLifetime life) =>
        {
            var all = jobs.All;
            var running = all.Where(j => j.RunningCount > 0).ToList();
            var active = running.Select(j => j.JobId).ToList();
            return Results.Json(new
            {
                counters = new Dictionary<string, long>
                {
                    ["items_completed"] = activity.CompletedCount,
                    ["items_failed"] = activity.FailedCount,
                    ["jobs_accepted"] = all.Count,
                },
                gauges = new Dictionary<string, long> { ["active_items"] = activity.ActiveJobs },
                running_jobs_count = running.Count,
                running_job_ids = active,
                resource_usage = ResourceUsage(),
                service_status = new
                {
                    shutdown_requested = life.ApplicationStopping.IsCancellationRequested,
                    active_tasks_count = active.Count,
                    active_task_ids = active,
                },
            });
        });

        // The original worker locks a task while it runs it; ours holds no task locks (items are leased in the Web),
        // so the locks shown are the tasks this replica is running items of.
        api.MapGet("/locks", (JobTracker jobs) =>
        {
            var locks = jobs.All.Where(j => j.RunningCount > 0 && j.TaskId is not null)
                .Select(j => $"{j.Kind}:{j.TaskId}").Distinct().ToList();
            return Results.Json(new { active_locks = locks, count = locks.Count });
        });
    }

    /// <summary>The original worker's resource stats (memory_mb, cpu_percent, …) for this process.</summary>
    public static object ResourceUsage()
    {
        using var process = Process.GetCurrentProcess();
        var uptime = DateTime.Now - process.StartTime;
        var cpu = uptime.TotalMilliseconds <= 0 ? 0
            : process.TotalProcessorTime.TotalMilliseconds / uptime.TotalMilliseconds / Environment.ProcessorCount * 100;
        return new
        {
            memory_mb = process.WorkingSet64 / 1024.0 / 1024.0,
            cpu_percent = Math.Round(cpu, 2),
            num_threads = process.Threads.Count,
            timestamp = DateTime.UtcNow.ToString("O"),
        };
    }

    /// <summary>The original /api/v1/status fields, beside ours.</summary>
    public static Dictionary<string, object?> StatusFields(WorkerOptions options, WorkerActivity activity, IHostApplicationLifetime life) => new()
    {
        ["service"] = "bulk_worker_service",
        ["version"] = Version,
        ["status"] = life.ApplicationStopping.IsCancellationRequested ? "shutting_down" : "running",
        ["active_tasks"] = activity.ActiveJobs,
        ["resource_usage"] = ResourceUsage(),
        ["configuration"] = new
        {
            worker_name = options.WorkerId,
            worker_capacity = options.ConcurrencyLimit,
            ui_api_configured = true,
            heartbeat_interval = (int)RegistrationService.Interval.TotalSeconds,
        },
    };
}
