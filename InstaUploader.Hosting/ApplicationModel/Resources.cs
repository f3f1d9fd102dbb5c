namespace Aspire.Hosting.ApplicationModel;

/// <summary>A named part of the distributed application (a database, a project, a parameter).</summary>
public interface IResource
{
    string Name { get; }
}

public interface IResourceWithConnectionString : IResource
{
    /// <summary>Name under ConnectionStrings__ that consumers read.</summary>
    string ConnectionStringName => Name;
    ValueTask<string> GetConnectionStringAsync(CancellationToken ct = default);
}

/// <summary>A resource other resources can find through service discovery (services__name__http__i).</summary>
public interface IResourceWithServiceDiscovery : IResource
{
    IReadOnlyList<Uri> GetEndpoints();
}

public interface IResourceWithEnvironment : IResource
{
    List<Func<EnvironmentContext, ValueTask>> EnvironmentCallbacks { get; }
}

public interface IResourceWithWaitSupport : IResource
{
    List<IResource> WaitsFor { get; }
}

public sealed class EnvironmentContext(IDictionary<string, string> variables, int replicaIndex, CancellationToken ct)
{
    public IDictionary<string, string> EnvironmentVariables { get; } = variables;
    public int ReplicaIndex { get; } = replicaIndex;
    public CancellationToken CancellationToken { get; } = ct;
}
