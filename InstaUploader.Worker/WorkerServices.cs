using System.Threading.RateLimiting;
using InstaUploader.Worker.Features.Control;
using InstaUploader.Worker.Features.Registration;
using InstaUploader.Worker.Jobs;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.Runners.Registration;
using Microsoft.Extensions.Options;
using InstaUploader.Worker.WebApi;

namespace InstaUploader.Worker;

public static class WorkerServices
{
    public const string BearerSchemeName = "Bearer";

    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.Section)
            .PostConfigure<IConfiguration>(WorkerOptions.NameAfterInstance)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddBadRequestProblems();
        builder.Services.AddSingleton<WorkerActivity>();
        // The Web calls with the worker token or with the nudge token this replica announced when it registered.
        builder.Services.AddAuthentication(BearerSchemeName).AddBearerScheme(BearerSchemeName, o => o.ValidateToken = (http, presented) =>
            SecretComparer.FixedTimeEquals(presented, http.RequestServices.GetRequiredService<IOptions<WorkerOptions>>().Value.WorkerToken)
            || SecretComparer.FixedTimeEquals(presented, http.RequestServices.GetRequiredService<WorkerAddress>().NudgeToken)
                ? BearerSchemeExtensions.Caller("web")
                : null);
        builder.Services.AddAuthorization();

        // As the original worker's rate limiter: a fixed window per caller on the worker API.
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(ControlApi.RateLimitPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 300, Window = TimeSpan.FromSeconds(10) }));
        });

        builder.Services.AddTransient<WebFailoverHandler>();
        builder.Services.AddHttpClient("ui-auth").AddWebFailover();
        builder.Services.AddWebApiClient().AddWebFailover();
        builder.Services.AddSingleton<WorkerAddress>();
        builder.Services.AddSingleton<FreshStartGate>();
        builder.Services.AddHostedService<RegistrationService>();

        builder.Services.AddSingleton<JobTracker>();
        builder.AddWorkRunners();
        builder.Services.AddSingleton<RunnerRegistry>();
        builder.Services.AddSingleton<MediaCache>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MediaCache>());
        // Before the ClaimLoop: hosted services stop in reverse order, so the shipper sends the drained items' last lines.
        builder.Services.AddSingleton<LogShipper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LogShipper>());
        builder.Services.AddSingleton<CompletionBatcher>();
        builder.Services.AddSingleton<LeaseRenewer>();
        builder.Services.AddSingleton<ClaimLoop>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClaimLoop>());
        return builder;
    }

    /// <summary>Sticks to one Web replica and fails over to the next when it cannot connect; a vanished host is given up on after 3 s.</summary>
    /// <summary>
    /// The worker's client of the Web and the bearer it presents (<see cref="WorkerOptions"/> say where and as whom);
    /// the caller adds what sits in front of the Web: the failover across its replicas, or a test's handler.
    /// </summary>
    public static IHttpClientBuilder AddWebApiClient(this IServiceCollection services)
    {
        services.AddSingleton<WebAuthTokens>();
        return services.AddHttpClient<WebApiClient>();
    }

    private static IHttpClientBuilder AddWebFailover(this IHttpClientBuilder client) => client
        .AddHttpMessageHandler<WebFailoverHandler>()
        .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3) });
}
