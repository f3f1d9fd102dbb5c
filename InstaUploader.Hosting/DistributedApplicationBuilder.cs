using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

public sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    public DistributedApplicationBuilder(string[] args)
    {
        Configuration = new ConfigurationManager();
        Configuration.AddEnvironmentVariables();
        Configuration.AddCommandLine(args);
        ExecutionOptions = new DistributedApplicationExecutionOptions
        {
            RandomizePorts = Configuration.GetValue("AppHost:RandomizePorts", false),
            EphemeralData = Configuration.GetValue("AppHost:EphemeralData", false),
            EchoResourceLogs = Configuration.GetValue("AppHost:EchoResourceLogs", true),
            Environment = Configuration["AppHost:Environment"] ?? "Development",
        };
        var dashboardPort = Configuration.GetValue<int?>("AppHost:DashboardPort", 18888);
        ExecutionOptions.DashboardPort = dashboardPort is > 0 ? dashboardPort : null;
    }

    public ConfigurationManager Configuration { get; }
    public DistributedApplicationExecutionOptions ExecutionOptions { get; }
    public IList<IResource> Resources { get; } = [];

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (Resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        Resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public DistributedApplication Build()
    {
        // Under the test host the AppHost's entry point is only run to capture this builder.
        if (DistributedApplicationTestingHook.TryCapture(this))
        {
            throw new DistributedApplicationTestingHook.CapturedException();
        }

        return new DistributedApplication(this);
    }
}
