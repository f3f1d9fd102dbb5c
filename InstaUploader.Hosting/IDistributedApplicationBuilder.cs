using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

public interface IDistributedApplicationBuilder
{
    ConfigurationManager Configuration { get; }
    DistributedApplicationExecutionOptions ExecutionOptions { get; }
    IList<IResource> Resources { get; }
    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;
    DistributedApplication Build();
}

public interface IResourceBuilder<out T> where T : IResource
{
    IDistributedApplicationBuilder ApplicationBuilder { get; }
    T Resource { get; }
}

internal sealed class ResourceBuilder<T>(IDistributedApplicationBuilder builder, T resource) : IResourceBuilder<T> where T : IResource
{
    public IDistributedApplicationBuilder ApplicationBuilder { get; } = builder;
    public T Resource { get; } = resource;
}

/// <summary>How this run executes: real ports and data, or the throwaway settings the test host asks for.</summary>
public sealed class DistributedApplicationExecutionOptions
{
    /// <summary>Allocate free ports instead of the fixed ones (tests; Aspire's DcpPublisher:RandomizePorts).</summary>
    public bool RandomizePorts { get; set; }

    /// <summary>Data (Postgres cluster) goes to a temporary directory deleted on stop.</summary>
    public bool EphemeralData { get; set; }

    /// <summary>Port of the developer dashboard; null disables it.</summary>
    public int? DashboardPort { get; set; } = 18888;

    /// <summary>Echo resources' console output to this process' console.</summary>
    public bool EchoResourceLogs { get; set; } = true;

    /// <summary>ASPNETCORE_ENVIRONMENT for the projects.</summary>
    public string Environment { get; set; } = "Development";

    /// <summary>Directory relative paths (data, etc.) are resolved against.</summary>
    public string WorkingDirectory { get; set; } = Directory.GetCurrentDirectory();
}
