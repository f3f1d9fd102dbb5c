using System.Globalization;
using System.Runtime.CompilerServices;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace InstaUploader.Tests.Infrastructure;

/// <summary>
/// The AppHost started through Aspire's test host (<see cref="DistributedApplicationTestingBuilder"/>), with a
/// throwaway database, and the few things tests ask of it: secrets, every worker replica, processes.
/// </summary>
public static class AppHostTesting
{
    private static readonly ConditionalWeakTable<DistributedApplication, ResourceStates> States = [];

    /// <summary>Starts the AppHost with <paramref name="args"/>; its logs go to a file named after <paramref name="owner"/> (the calling fixture or test class).</summary>
    public static async Task<DistributedApplication> StartAsync(string[] args, CancellationToken ct, Action<IDistributedApplicationTestingBuilder>? configure = null,
        [CallerFilePath] string owner = "")
    {
        // Development, as ./run.sh runs it: the services then serve their static web assets (blazor.web.js) from the build.
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.InstaUploader_AppHost>(
            [.. args, "--ephemeral-data", "true", "--web-port", "0", "--scraper-port", "0"], (_, host) => host.EnvironmentName = "Development", ct);
        var logFile = ServiceLogFile.For(Path.GetFileNameWithoutExtension(owner));
        builder.Services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(logFile);
            // Every request of every test would otherwise be logged four times by the HttpClient factory.
            logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        });
        configure?.Invoke(builder);
        var app = await builder.BuildAsync(ct);
        try
        {
            States.Add(app, ResourceStates.Watch(app));
            await app.StartAsync(ct);
            await WaitForAllHealthyAsync(app, ct);
            return app;
        }
        catch (Exception ex)
        {
            var logs = await TailOfLogsAsync(app);
            await app.DisposeAsync();
            throw new InvalidOperationException($"Topology did not become healthy: {ex.Message} (every log line in {logFile.Path})\n{logs}", ex);
        }
    }

    /// <summary>Every resource, and every replica of a replicated one, Running and (where it has checks) Healthy.</summary>
    public static async Task WaitForAllHealthyAsync(DistributedApplication app, CancellationToken ct)
    {
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        // Ours only: Aspire adds hidden helper resources (e.g. "<project>-rebuilder") that never start on their own.
        foreach (var resource in app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Where(r => r is ProjectResource or IResourceWithConnectionString))
        {
            await notifications.WaitForResourceHealthyAsync(resource.Name, ct);
        }

        foreach (var project in app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>())
        {
            var replicas = project.Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;
            await notifications.WaitForResourceAsync(project.Name, _ => ReplicaStates(app, project.Name).Count(IsHealthy) >= replicas, ct);
        }
    }

    /// <summary>The application database's connection string, for tests that look at rows directly.</summary>
    public static async Task<string> DatabaseConnectionStringAsync(this DistributedApplication app) =>
        (await app.GetConnectionStringAsync("instauploader"))!;

    /// <summary>The clone's root (the AppHost project's parent directory).</summary>
    public static string RepositoryRoot()
    {
        var project = Projects.InstaUploader_AppHost.ProjectPath;
        var appHostDir = project.EndsWith(".csproj", StringComparison.Ordinal) ? Path.GetDirectoryName(project)! : project;
        return Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(appHostDir))!;
    }

    /// <summary>The AppHost's own build output (with its deps and runtimeconfig), in the configuration the tests were built in.</summary>
    public static string AppHostDll()
    {
        var testBin = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        return Path.Combine(RepositoryRoot(), "InstaUploader.AppHost", "bin", testBin.Parent!.Name, testBin.Name, "InstaUploader.AppHost.dll");
    }

    public static string Parameter(this DistributedApplication app, string name) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>().Single(p => p.Name == name)
            .GetValueAsync(default).AsTask().GetAwaiter().GetResult()!;

    /// <summary>The current state of every replica of <paramref name="resourceName"/>.</summary>
    public static List<ResourceEvent> ReplicaStates(DistributedApplication app, string resourceName) =>
        [.. States.GetValue(app, ResourceStates.Watch).All.Where(e => e.Resource.Name == resourceName)];

    public static bool IsHealthy(ResourceEvent e) =>
        e.Snapshot.State?.Text == KnownResourceStates.Running
        && e.Snapshot.HealthStatus is null or Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;

    /// <summary>Process ids the orchestrator started (postgres, and `dotnet run` for each project) and their children.</summary>
    public static List<int> ProcessIds(DistributedApplication app)
    {
        var roots = States.GetValue(app, ResourceStates.Watch).All
            .SelectMany(e => e.Snapshot.Properties.Where(p => p.Name == "executable.pid").Select(p => Convert.ToInt32(p.Value, CultureInfo.InvariantCulture)))
            .ToList();
        return [.. roots.SelectMany(LocalProcesses.WithDescendants).Distinct()];
    }

    /// <summary>
    /// The process that is <paramref name="resourceName"/> itself: for postgres the postmaster under its launcher
    /// (PostgresLauncher's bash), for a project the service (started directly, or under a `dotnet run`).
    /// </summary>
    public static int ServiceProcess(DistributedApplication app, string resourceName)
    {
        var root = ReplicaStates(app, resourceName)
            .SelectMany(e => e.Snapshot.Properties.Where(p => p.Name == "executable.pid"))
            .Select(p => Convert.ToInt32(p.Value, CultureInfo.InvariantCulture))
            .First();
        return LocalProcesses.WithDescendants(root)
            .FirstOrDefault(pid => LocalProcesses.CommandLine(pid) is var cmd && (cmd.Contains("postgres-launcher", StringComparison.Ordinal)
                ? false
                : resourceName == "postgres"
                    ? cmd.Contains("/bin/postgres ", StringComparison.Ordinal)
                    : !cmd.StartsWith("dotnet run", StringComparison.Ordinal) && !cmd.Contains("/dotnet run", StringComparison.Ordinal)), root);
    }

    private static async Task<string> TailOfLogsAsync(DistributedApplication app)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var lines = new List<string>();
        foreach (var id in States.GetValue(app, ResourceStates.Watch).All.Select(e => e.ResourceId))
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await foreach (var batch in logs.GetAllAsync(id).WithCancellation(cts.Token))
                {
                    lines.AddRange(batch.TakeLast(30).Select(l => $"[{id}] {l.Content}"));
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        return string.Join('\n', lines.TakeLast(200));
    }
}
