using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Dashboard;
using InstaUploader.Web.Features.Media;
using InstaUploader.Web.Features.Monitoring;
using InstaUploader.Web.Features.Proxies;
using InstaUploader.Web.Features.Tasks;
using InstaUploader.Web.Features.Workers;

namespace InstaUploader.Web.Features.Ui;

/// <summary>UI-only services and endpoints of the Blazor operator console.</summary>
public static class UiServices
{
    public static IHostApplicationBuilder AddUi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ToastService>();
        builder.Services.AddScoped<ThroughputQuery>();
        // The read side of the pages: they read through these and write through the feature services.
        builder.Services.AddScoped<DashboardQueries>();
        builder.Services.AddScoped<TaskQueries>();
        builder.Services.AddScoped<ItemQueries>();
        builder.Services.AddScoped<AccountQueries>();
        builder.Services.AddScoped<ProxyQueries>();
        builder.Services.AddScoped<WorkerQueries>();
        builder.Services.AddScoped<MonitoringQueries>();
        builder.Services.AddScoped<ProxyDiagnosticsRuns>();
        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());
        return builder;
    }

    /// <summary>
    /// Media previews for the signed-in operator (cookie auth, same origin as the UI). Range requests let the
    /// browser's &lt;video&gt; seek without downloading the whole file.
    /// </summary>
    public static IEndpointRouteBuilder MapUi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/media/{id:int}/content", async (int id, MediaStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } media ? await store.DownloadAsync(media, null, ct) : Results.NotFound())
            .RequireAuthorization()
            .ExcludeFromDescription();
        return app;
    }
}

/// <summary>Per-circuit toast notifications; the layout renders them, pages raise them.</summary>
public sealed class ToastService
{
    public event Action<string, bool>? Shown;

    public void Success(string text) => Shown?.Invoke(text, false);

    public void Error(string text) => Shown?.Invoke(text, true);
}
