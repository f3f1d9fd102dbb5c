using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Orchestration;

/// <summary>
/// Brings the application model up in dependency order (a resource starts once everything it waits for is
/// healthy) and down in reverse. The part Aspire delegates to DCP.
/// </summary>
internal sealed class Orchestrator(DistributedApplicationBuilder builder, ResourceNotificationService notifications, TimeProvider time)
{
    private readonly DistributedApplicationExecutionOptions _options = builder.ExecutionOptions;
    private readonly Dictionary<string, List<ReplicaRunner>> _runners = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, EmbeddedPostgres> _postgres = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _consoleLock = new();

    public Dictionary<string, ResourceLogBuffer> Logs { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<IResource> Resources => builder.Resources;

    public async Task StartAsync(CancellationToken ct)
    {
        AllocatePorts();
        foreach (var resource in builder.Resources)
        {
            var replicas = resource is ProjectResource p ? p.Replicas : 1;
            notifications.Declare(resource.Name, replicas);
            for (var i = 0; i < replicas; i++)
            {
                Logs[LogKey(resource.Name, resource is ProjectResource ? i : -1)] = new ResourceLogBuffer();
            }
        }

        var starts = builder.Resources.Select(r => StartResourceAsync(r, ct)).ToList();
        await Task.WhenAll(starts).ConfigureAwait(false);
    }

    public async Task StopAsync()
    {
        // Reverse dependency order: dependents (workers) first, databases last.
        foreach (var resource in builder.Resources.OfType<ProjectResource>().Reverse())
        {
            if (_runners.TryGetValue(resource.Name, out var runners))
            {
                await Task.WhenAll(runners.Select(r => r.StopAsync())).ConfigureAwait(false);
            }
        }

        foreach (var (name, pg) in _postgres)
        {
            Publish(name, KnownResourceStates.Stopping, HealthStatus.Unknown, pg.ProcessId);
            await pg.StopAsync().ConfigureAwait(false);
            Publish(name, KnownResourceStates.Finished, HealthStatus.Unknown, null);
        }
    }

    public ReplicaRunner GetRunner(string resource, int replica) => _runners[resource][replica];

    public IReadOnlyList<int> ProcessIds =>
        [.. _runners.Values.SelectMany(r => r).Select(r => r.ProcessId).Concat(_postgres.Values.Select(p => p.ProcessId)).OfType<int>()];

    public static string LogKey(string resource, int replica) => replica < 0 ? resource : $"{resource}-{replica}";

    private void AllocatePorts()
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var ports = new List<int>();
            for (var i = 0; i < project.Replicas; i++)
            {
                var wanted = project.BasePort + i;
                ports.Add(_options.RandomizePorts || wanted is null ? PortAllocator.GetFreePort() : wanted.Value);
            }

            project.Ports = ports;
            foreach (var (name, wanted) in project.NamedEndpoints)
            {
                project.AllocatedNamedPorts[name] = _options.RandomizePorts || wanted is null ? PortAllocator.GetFreePort() : wanted.Value;
            }
        }
    }

    private async Task StartResourceAsync(IResource resource, CancellationToken ct)
    {
        switch (resource)
        {
            case PostgresServerResource server:
                await StartPostgresAsync(server, ct).ConfigureAwait(false);
                break;
            case PostgresDatabaseResource db:
                await notifications.WaitForResourceHealthyAsync(db.Parent.Name, ct).ConfigureAwait(false);
                Publish(db.Name, KnownResourceStates.Running, HealthStatus.Healthy, null);
                break;
            case ProjectResource project:
                await StartProjectAsync(project, ct).ConfigureAwait(false);
                break;
        }
    }

    private async Task StartPostgresAsync(PostgresServerResource server, CancellationToken ct)
    {
        if (server.ExternalConnectionString is not null)
        {
            Publish(server.Name, KnownResourceStates.Running, HealthStatus.Healthy, null);
            return;
        }

        Publish(server.Name, KnownResourceStates.Starting, HealthStatus.Unknown, null);
        var pg = new EmbeddedPostgres(server, _options, Logs[server.Name], Echo);
        _postgres[server.Name] = pg;
        try
        {
            await pg.StartAsync(ct).ConfigureAwait(false);
            Publish(server.Name, KnownResourceStates.Running, HealthStatus.Healthy, pg.ProcessId);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException or IOException or System.ComponentModel.Win32Exception)
        {
            Echo($"[{server.Name}] failed to start: {ex.Message}");
            Publish(server.Name, KnownResourceStates.FailedToStart, HealthStatus.Unhealthy, null);
            throw;
        }
    }

    private async Task StartProjectAsync(ProjectResource project, CancellationToken ct)
    {
        for (var i = 0; i < project.Replicas; i++)
        {
            notifications.PublishUpdate(new ResourceSnapshot(project.Name, i, KnownResourceStates.Waiting, HealthStatus.Unknown, null, project.GetEndpoint(i), 0, time.GetUtcNow()));
        }

        foreach (var dependency in project.WaitsFor)
        {
            await notifications.WaitForResourceHealthyAsync(dependency.Name, ct).ConfigureAwait(false);
        }

        if (!_options.RandomizePorts)
        {
            var busy = project.Ports.Where(p => !PortAllocator.IsFree(p)).ToList();
            if (busy.Count > 0)
            {
                Echo($"[{project.Name}] port(s) {string.Join(", ", busy)} already in use; stop whatever holds them or pass other ports.");
            }
        }

        var runners = Enumerable.Range(0, project.Replicas)
            .Select(i => new ReplicaRunner(project, i, (replica, token) => BuildEnvironmentAsync(project, replica, token),
                notifications, Logs[LogKey(project.Name, i)], Echo, time))
            .ToList();
        _runners[project.Name] = runners;
        runners.ForEach(r => r.Start());
    }

    private async Task<Dictionary<string, string>> BuildEnvironmentAsync(ProjectResource project, int replica, CancellationToken ct)
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = project.GetEndpoint(replica).ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = _options.Environment,
            ["DOTNET_ENVIRONMENT"] = _options.Environment,
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={project.Name}-{replica}",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true",
            ["REPLICA_INDEX"] = replica.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["INSTAUPLOADER_PARENT_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        var otlp = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (!string.IsNullOrEmpty(otlp))
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        }

        var context = new EnvironmentContext(env, replica, ct);
        foreach (var callback in project.EnvironmentCallbacks)
        {
            await callback(context).ConfigureAwait(false);
        }

        return env;
    }

    private void Publish(string name, string state, HealthStatus health, int? pid) =>
        notifications.PublishUpdate(new ResourceSnapshot(name, -1, state, health, pid, null, 0, time.GetUtcNow()));

    private void Echo(string line)
    {
        if (!_options.EchoResourceLogs)
        {
            return;
        }

        lock (_consoleLock)
        {
            Console.Out.WriteLine(line);
        }
    }
}
