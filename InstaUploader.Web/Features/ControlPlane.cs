using System.Threading.Channels;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Compat;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Follow;
using InstaUploader.Web.Features.Monitoring;
using InstaUploader.Web.Features.Queue;
using InstaUploader.Web.Features.Tasks;
using InstaUploader.Web.Features.WorkerApi;

namespace InstaUploader.Web.Features;

/// <summary>The worker-facing control plane: queue, seed routes, dispatch, locks, monitoring, task lifecycle.</summary>
public static class ControlPlane
{
    public static IHostApplicationBuilder AddControlPlane(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<QueueOptions>().BindConfiguration(QueueOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DispatchOptions>()
            .BindConfiguration(DispatchOptions.Section)
            .PostConfigure<IConfiguration>(DispatchOptions.AddServiceDiscoveryWorkers)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<WorkItems>();
        builder.Services.AddScoped<IWorkSource, ItemWorkSource>();
        builder.Services.AddScoped<WorkSources>();
        builder.Services.AddScoped<WorkPayloads>();
        builder.Services.AddScoped<TaskLocks>();
        builder.Services.AddScoped<TaskService>();
        builder.Services.AddScoped<FollowCatalog>();
        builder.Services.AddSingleton(Channel.CreateUnbounded<DispatchRequest>());
        builder.Services.AddScoped<WorkerFanOut>();
        builder.Services.AddHostedService<TaskDispatcher>();
        builder.Services.AddHostedService<LeaseRescuer>();
        builder.Services.AddSingleton<QueueMeters>();
        return builder;
    }

    public static IEndpointRouteBuilder MapControlPlane(this IEndpointRouteBuilder app)
    {
        app.MapTokenApi();
        app.MapQueueApi();
        app.MapAggregateApi();
        app.MapMediaDownloadApi();
        app.MapStatusApi();
        app.MapAccountStateApi();
        app.MapMonitoringApi();
        app.MapFollowApi();
        app.MapTasksApi();
        app.MapOriginalWebApi();
        app.MapProxyDiagnosticsApi();
        app.MapWorkerJobsApi();
        app.MapMediaUploadApi();
        return app;
    }
}
