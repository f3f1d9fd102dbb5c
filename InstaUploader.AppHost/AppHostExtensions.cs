using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using InstaUploader.AppHost.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace InstaUploader.AppHost;

/// <summary>The pieces Program.cs names, so it reads as a diagram.</summary>
public static class AppHostExtensions
{
    public const string DatabaseName = "instauploader";

    /// <summary>
    /// The application database: an existing one when ConnectionStrings__instauploader is given, a connection
    /// string parameter in publish mode, otherwise our own PostgreSQL cluster in the state directory.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddInstaUploaderDatabase(this IDistributedApplicationBuilder builder, AppHostOptions options)
    {
        if (builder.ExecutionContext.IsPublishMode || builder.Configuration.GetConnectionString(DatabaseName) is not null)
        {
            return builder.AddConnectionString(DatabaseName);
        }

        if (options.EphemeralData)
        {
            EphemeralState.Claim(builder, options.StateDirectory);
        }

        return builder.AddLocalPostgres("postgres", options.PostgresData, options.EphemeralData)
            .WithRestartOnCrash()
            .AddDatabase(DatabaseName);
    }

    /// <summary>A secret given by the environment variable ./run.sh users know (WORKER_API_TOKEN, …), else generated (and kept, with <paramref name="persist"/>).</summary>
    public static IResourceBuilder<ParameterResource> AddSecret(this IDistributedApplicationBuilder builder, string name, string environmentVariable, bool persist = false) =>
        builder.Configuration[environmentVariable] is { Length: > 0 } given
            ? builder.AddParameter(name, given, secret: true)
            : builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: persist);

    /// <summary>
    /// Services run in the AppHost's environment (Development under ./run.sh and the tests), where the Web serves
    /// its framework assets (blazor.web.js) from the build; Aspire would otherwise leave projects without a
    /// launch profile in Production. A published manifest carries no environment.
    /// </summary>
    public static IResourceBuilder<ProjectResource> InAppHostEnvironment(this IResourceBuilder<ProjectResource> project) =>
        project.ApplicationBuilder.ExecutionContext.IsRunMode
            ? project.WithEnvironment("ASPNETCORE_ENVIRONMENT", project.ApplicationBuilder.Environment.EnvironmentName)
            : project;

    /// <summary>
    /// Workers talk to the Sandbox as they would to Instagram, Dolphin Anty's local app (signed in with
    /// <paramref name="dolphinToken"/>) and a mail server.
    /// </summary>
    public static IResourceBuilder<ProjectResource> TalkToSandbox(this IResourceBuilder<ProjectResource> workers, IResourceBuilder<ProjectResource> sandbox,
        IResourceBuilder<ParameterResource> dolphinToken)
    {
        var http = sandbox.GetEndpoint("http");
        var imap = sandbox.GetEndpoint("imap");
        return workers
            .WithEnvironment("Instagram__WebBaseUrl", http)
            .WithEnvironment("Instagram__ApiBaseUrl", http)
            .WithEnvironment("Dolphin__ApiHost", http)
            .WithEnvironment("Dolphin__ApiToken", dolphinToken)
            .WithEnvironment("Instagram__MinActionDelayMs", "0")
            .WithEnvironment("Instagram__MaxActionDelayMs", "0")
            .WithEnvironment("Instagram__Imap__Host", "127.0.0.1")
            .WithEnvironment("Instagram__Imap__Port", imap.Property(EndpointProperty.Port))
            .WithEnvironment("Instagram__Imap__Security", "None");
    }

    /// <summary>
    /// The Web creates and deletes Dolphin profiles on the Sandbox's stand-in for Dolphin's remote API
    /// (https://dolphin-anty-api.com in production), a different base URL from the local app the workers use.
    /// </summary>
    public static IResourceBuilder<ProjectResource> CreateDolphinProfilesOnSandbox(this IResourceBuilder<ProjectResource> web,
        IResourceBuilder<ProjectResource> sandbox, IResourceBuilder<ParameterResource> dolphinToken) =>
        web
            .WithEnvironment("Dolphin__RemoteApiUrl", ReferenceExpression.Create($"{sandbox.GetEndpoint("http")}/dolphin-anty-api/"))
            .WithEnvironment("Dolphin__ApiToken", dolphinToken);

    /// <summary>Demo runs print where to sign in once the Web is healthy.</summary>
    public static void PrintSignInOnceReady(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> web,
        IResourceBuilder<ParameterResource> adminPassword, IResourceBuilder<ParameterResource> operatorToken, IResourceBuilder<ParameterResource> scraperKey,
        IResourceBuilder<ParameterResource> workerToken)
    {
        builder.Eventing.Subscribe<ResourceReadyEvent>(web.Resource, async (_, ct) =>
        {
            var url = web.GetEndpoint("http").Url;
            var scraper = web.GetEndpoint("scraper").Url;
            var password = await adminPassword.Resource.GetValueAsync(ct);
            var token = await operatorToken.Resource.GetValueAsync(ct);
            var key = await scraperKey.Resource.GetValueAsync(ct);
            var worker = await workerToken.Resource.GetValueAsync(ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

                InstaUploader is up.
                  Sign in at {url} as {AppHostOptions.AdminEmail} / {password}
                  Operator API ({url}/api/v1, OpenAPI at /openapi/v1.json): Authorization: Bearer {token}
                  Scraper API at {scraper}/api: Authorization: Bearer {key}
                  Workers elsewhere: services__web__http__0={url} Worker__WorkerToken={worker} (the original Python worker: UI_API_BASE, UI_API_TOKEN)

                """));
        });
    }

    /// <summary>
    /// Runs the app and returns the process exit code: 1 when a background service faulted. A failed publishing step
    /// (--publisher manifest into a path that cannot be written) stops the host like a finished run, which would exit
    /// 0; a deploy pipeline must see the failure.
    /// </summary>
    public static int RunToExitCode(this DistributedApplication app)
    {
        app.Run();
        var faulted = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().Any(s => s.ExecuteTask is { IsFaulted: true });
        return faulted ? 1 : Environment.ExitCode;
    }

    /// <summary>
    /// Built projects start as their own executables instead of under `dotnet run`, which evaluated each project first
    /// (2-5 s) and kept the orchestrator's SIGTERM from the service (killed 6-12 s later): the orchestrator finds
    /// BuiltProjects/dotnet first on the PATH it inherits from this process (see that script).
    /// </summary>
    public static void RunBuiltProjectsDirectly(this IDistributedApplicationBuilder builder)
    {
        var shims = Path.Combine(builder.AppHostDirectory, "BuiltProjects");
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (builder.ExecutionContext.IsRunMode && !OperatingSystem.IsWindows() && File.Exists(Path.Combine(shims, "dotnet"))
            && !path.Split(Path.PathSeparator).Contains(shims))
        {
            Environment.SetEnvironmentVariable("PATH", shims + Path.PathSeparator + path);
        }
    }

    /// <summary>
    /// A quiet console: the dashboard's own logs (a line per request it serves, most of ./run.sh's output) stay out of
    /// it, its warnings and errors still show. The dashboard's URL and login line are the AppHost's own.
    /// </summary>
    public static void QuietDashboardLogs(this IDistributedApplicationBuilder builder) =>
        builder.Services.AddLogging(logging => logging.AddFilter("Aspire.Hosting.Dashboard", LogLevel.Warning));

    /// <summary>A resource that cannot start makes the whole run fail loudly (one line, non-zero exit) instead of waiting forever.</summary>
    public static void ExitWhenAnyResourceFailsToStart(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsRunMode)
        {
            builder.Services.AddHostedService<Supervision.FailedStartWatcher>();
        }
    }

    /// <summary>
    /// Replicas, also in the published manifest: Aspire's project entry has no replica count, so this writes the
    /// same entry (type, path, args, env, bindings) plus "replicas", which deployers (our Kustomize check) read.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPublishedReplicas(this IResourceBuilder<ProjectResource> project, int replicas) =>
        project.WithReplicas(replicas).WithManifestPublishingCallback(async context =>
        {
            var resource = project.Resource;
            context.Writer.WriteString("type", "project.v0");
            context.Writer.WriteString("path", context.GetManifestRelativePath(resource.GetProjectMetadata().ProjectPath));
            await context.WriteCommandLineArgumentsAsync(resource);
            await context.WriteEnvironmentVariablesAsync(resource);
            context.WriteBindings(resource);
            context.Writer.WriteNumber("replicas", replicas);
        });

    /// <summary>Restarted (with backoff) when its process dies while the AppHost runs.</summary>
    public static IResourceBuilder<T> WithRestartOnCrash<T>(this IResourceBuilder<T> resource) where T : IResource
    {
        if (resource.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            resource.WithAnnotation(new Supervision.RestartOnCrashAnnotation());
            // AddHostedService registers a type once, however often it is called.
            resource.ApplicationBuilder.Services.AddHostedService<Supervision.CrashSupervisor>();
        }

        return resource;
    }
}
