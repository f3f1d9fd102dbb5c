namespace Aspire.Hosting.ApplicationModel;

/// <summary>Generated per referenced project (see build/AspireProjects.targets), like Aspire's Projects.* classes.</summary>
public interface IProjectMetadata
{
    string ProjectPath { get; }
}

/// <summary>A .NET project run as one or more replica processes.</summary>
public sealed class ProjectResource(string name, string projectPath)
    : IResourceWithServiceDiscovery, IResourceWithEnvironment, IResourceWithWaitSupport
{
    public string Name { get; } = name;
    public string ProjectPath { get; } = projectPath;
    public int Replicas { get; set; } = 1;

    /// <summary>Requested port of replica 0 (replica i asks for BasePort + i); null means any free port.</summary>
    public int? BasePort { get; set; }

    /// <summary>The port each replica listens on, fixed by the orchestrator before anything starts.</summary>
    public IReadOnlyList<int> Ports { get; set; } = [];
    public string EndpointScheme { get; set; } = "http";

    /// <summary>Extra named TCP endpoints (e.g. "imap") beside the HTTP one: requested port, then the allocated one.</summary>
    public Dictionary<string, int?> NamedEndpoints { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, int> AllocatedNamedPorts { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int GetPort(string endpointName) => AllocatedNamedPorts.TryGetValue(endpointName, out var port)
        ? port
        : throw new InvalidOperationException($"{Name} has no allocated endpoint '{endpointName}' (ports are allocated at start).");
    public string HealthPath { get; set; } = "/health";
    public List<Func<EnvironmentContext, ValueTask>> EnvironmentCallbacks { get; } = [];
    public List<IResource> WaitsFor { get; } = [];
    public List<string> Args { get; } = [];

    public Uri GetEndpoint(int replica) => replica < Ports.Count
        ? new Uri($"{EndpointScheme}://localhost:{Ports[replica]}")
        : throw new InvalidOperationException($"{Name} replica {replica} has no endpoint (ports are allocated at start).");

    public IReadOnlyList<Uri> GetEndpoints() => Enumerable.Range(0, Replicas).Select(GetEndpoint).ToList();
}
