using InstaUploader.Web.Data;
using InstaUploader.Web.Features;
using InstaUploader.Web.Features.Demo;
using InstaUploader.Web.Features.Identity;
using InstaUploader.Web.Features.Pacing;
using InstaUploader.Web.Features.Accounts;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Calendar;
using InstaUploader.Web.Features.Canary;
using InstaUploader.Web.Features.Errors;
using InstaUploader.Web.Features.Media;
using InstaUploader.Web.Features.Proxies;
using InstaUploader.Web.Features.Scraper;
using InstaUploader.Web.Features.Secrets;
using InstaUploader.Web.Features.Security;
using InstaUploader.Web.Features.Ui;
using InstaUploader.Web.Features.Upkeep;
using InstaUploader.Web.Features.Workers;
using InstaUploader.Web.Features.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace InstaUploader.Web;

/// <summary>Composition of the Web: one line per feature, so Program.cs stays a table of contents.</summary>
public static class WebServices
{
    public const string DatabaseName = "instauploader";

    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        var connectionString = DatabaseConnections.PooledString(builder.Configuration);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddDbContext<AppDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        // Aspire's Npgsql integration: health check, tracing and metrics. No retrying strategy: the queue and the
        // status routes run their own transactions, which EF's retrying strategy refuses.
        builder.EnrichNpgsqlDbContext<AppDbContext>(s => s.DisableRetry = true);
        builder.AddDataProtectionKeyRing();

        // With several Web replicas, one at a time runs the upkeep loops (the others stand by).
        builder.Services.AddSingleton<UpkeepLeader>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<UpkeepLeader>());
        builder.Services.AddHostedService<IdempotencyKeyPruner>();
        builder.Services.AddHostedService<WorkerJobPruner>();
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<RetentionJob>();

        builder.AddOperatorIdentity();
        builder.AddWorkspaces();
        builder.AddApiAuth();
        builder.AddSecurity();
        builder.AddErrorHandling();
        builder.Services.AddOpenApi(o => o.AddBodyLimits());
        builder.AddAccounts();
        builder.AddProxies();
        builder.AddMedia();
        builder.AddScraper();
        builder.AddControlPlane();
        builder.AddPacing();
        builder.AddCanary();
        builder.AddCalendar();
        builder.Services.AddOptions<Features.Tasks.TraceLinkOptions>().BindConfiguration(Features.Tasks.TraceLinkOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddDemoData();
        builder.AddWorkerClients();
        builder.Services.AddHostedService<WorkerMonitor>();
        builder.Services.AddScoped<WorkerRestarts>();
        builder.Services.AddScoped<SilentWorkers>();

        builder.AddUi();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    public static WebApplication MapWebApis(this WebApplication app)
    {
        app.MapAccountEndpoints();
        app.MapSecurity();
        app.MapWorkerRegistryApi();
        app.MapOpenApi();
        app.MapWorkspacesApi();
        app.MapAccountsApi();
        app.MapProxiesApi();
        app.MapPacingApi();
        app.MapMediaApi();
        app.MapScraperApi();
        app.MapControlPlane();
        app.MapCanaryApi();
        app.MapCalendarApi();
        app.MapUi();
        return app;
    }
}
