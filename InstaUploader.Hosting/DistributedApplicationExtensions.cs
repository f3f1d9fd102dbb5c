using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

public static class DistributedApplicationExtensions
{

    /// <summary>
    /// A parameter from configuration (Parameters:{name}, or <paramref name="environmentVariable"/>). A secret with no
    /// value is generated; with <paramref name="persist"/> the generated value is kept in .instauploader/parameters.json
    /// so it survives restarts alongside the data it protects (Aspire keeps such values in user secrets).
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameter(
        this IDistributedApplicationBuilder builder, string name, bool secret = false, string? environmentVariable = null, bool persist = false)
    {
        string Resolve() =>
            builder.Configuration[$"Parameters:{name}"]
            ?? (environmentVariable is null ? null : builder.Configuration[environmentVariable])
            ?? (secret ? GeneratedParameters.Get(builder.ExecutionOptions, name, persist)
                       : throw new InvalidOperationException($"Parameter '{name}' has no value (set Parameters:{name})."));
        return builder.AddResource(new ParameterResource(name, Resolve, secret));
    }

    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name)
    {
        var server = new PostgresServerResource(name)
        {
            ExternalConnectionString = builder.Configuration.GetConnectionString(name),
            DataDirectory = Path.Combine(".instauploader", "pgdata"),
        };
        return builder.AddResource(server);
    }

    /// <summary>Where the embedded cluster keeps its data between runs (relative to the working directory).</summary>
    public static IResourceBuilder<PostgresServerResource> WithDataDirectory(this IResourceBuilder<PostgresServerResource> builder, string path)
    {
        builder.Resource.DataDirectory = path;
        return builder;
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> builder, string name, string? databaseName = null)
    {
        var db = new PostgresDatabaseResource(name, databaseName ?? name, builder.Resource)
        {
            ExternalConnectionString = builder.ApplicationBuilder.Configuration.GetConnectionString(name),
        };
        if (db.ExternalConnectionString is not null)
        {
            // A given database connection string means the server is someone else's: start nothing.
            builder.Resource.ExternalConnectionString ??= db.ExternalConnectionString;
        }

        builder.Resource.Databases.Add(db);
        return builder.ApplicationBuilder.AddResource(db);
    }

    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
        => builder.AddResource(new ProjectResource(name, new TProject().ProjectPath));

    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        builder.Resource.Replicas = replicas;
        return builder;
    }

    /// <summary>The HTTP endpoint; with replicas, replica i listens on port + i. Randomized under the test host.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> builder, int? port = null)
    {
        builder.Resource.BasePort = port;
        return builder;
    }

    /// <summary>A named extra endpoint (for non-HTTP listeners); read its port with GetPort(name) in an environment callback.</summary>
    public static IResourceBuilder<ProjectResource> WithEndpoint(this IResourceBuilder<ProjectResource> builder, string name, int? port = null)
    {
        builder.Resource.NamedEndpoints[name] = port;
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(this IResourceBuilder<ProjectResource> builder, string path = "/health")
    {
        builder.Resource.HealthPath = path;
        return builder;
    }

    /// <summary>A builder for a resource added elsewhere (the AppHost's Program), as Aspire's tests use to adjust it.</summary>
    public static IResourceBuilder<T> CreateResourceBuilder<T>(this IDistributedApplicationBuilder builder, string name)
        where T : IResource =>
        new ResourceBuilder<T>(builder, builder.Resources.OfType<T>().SingleOrDefault(r => r.Name == name)
            ?? throw new InvalidOperationException($"No {typeof(T).Name} named '{name}'."));

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value)
        where T : IResourceWithEnvironment
    {
        builder.Resource.EnvironmentCallbacks.Add(ctx =>
        {
            ctx.EnvironmentVariables[name] = value;
            return ValueTask.CompletedTask;
        });
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, IResourceBuilder<ParameterResource> parameter)
        where T : IResourceWithEnvironment
    {
        builder.Resource.EnvironmentCallbacks.Add(ctx =>
        {
            ctx.EnvironmentVariables[name] = parameter.Resource.Value;
            return ValueTask.CompletedTask;
        });
        return builder;
    }

    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, Action<EnvironmentContext> callback)
        where T : IResourceWithEnvironment
    {
        builder.Resource.EnvironmentCallbacks.Add(ctx =>
        {
            callback(ctx);
            return ValueTask.CompletedTask;
        });
        return builder;
    }

    /// <summary>Injects ConnectionStrings__{name}.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithConnectionString> source)
        where T : IResourceWithEnvironment
    {
        builder.Resource.EnvironmentCallbacks.Add(async ctx =>
            ctx.EnvironmentVariables[$"ConnectionStrings__{source.Resource.ConnectionStringName}"] =
                await source.Resource.GetConnectionStringAsync(ctx.CancellationToken).ConfigureAwait(false));
        return builder;
    }

    /// <summary>Injects services__{name}__http__{i} for every replica of the referenced project.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResourceWithServiceDiscovery> source)
        where T : IResourceWithEnvironment
    {
        builder.Resource.EnvironmentCallbacks.Add(ctx =>
        {
            var endpoints = source.Resource.GetEndpoints();
            for (var i = 0; i < endpoints.Count; i++)
            {
                ctx.EnvironmentVariables[$"services__{source.Resource.Name}__http__{i}"] = endpoints[i].ToString().TrimEnd('/');
            }

            return ValueTask.CompletedTask;
        });
        return builder;
    }

    /// <summary>Do not start this resource until <paramref name="dependency"/> is running and healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResourceWithWaitSupport
    {
        builder.Resource.WaitsFor.Add(dependency.Resource);
        return builder;
    }
}
