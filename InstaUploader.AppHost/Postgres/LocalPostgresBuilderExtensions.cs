using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace InstaUploader.AppHost.Postgres;

/// <summary>
/// PostgreSQL as an executable resource over the installed server binaries, shaped like Aspire's container
/// one (<c>AddPostgres().AddDatabase()</c>): a connection string, a health check, databases created when the
/// server is ready.
/// </summary>
internal static class LocalPostgresBuilderExtensions
{
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, string dataDirectory, bool ephemeral = false)
    {
        var cluster = PostgresCluster.Create(Path.GetFullPath(dataDirectory, builder.AppHostDirectory), ephemeral);
        var password = builder.AddParameter($"{name}-password", cluster.ReadOrCreatePassword(), secret: true);
        var (command, args) = cluster.ServerCommand(
        [
            "-D", cluster.DataDirectory, "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
            "-c", "max_connections=300",
            // The control plane's statements are short: compiling one to machine code (on by default) costs more than it
            // saves, tens of milliseconds each time a statement is planned above the JIT's cost threshold.
            "-c", "jit=off",
            // Throwaway clusters skip fsync (only a machine crash loses data then) but keep synchronous commit: without
            // it a killed postmaster loses commits already acknowledged, which the chaos tests would take for a bug.
            .. ephemeral ? (string[])["-c", "fsync=off", "-c", "full_page_writes=off"] : [],
        ]);
        var server = new LocalPostgresServerResource(name, command, builder.AppHostDirectory, password.Resource);

        if (builder.ExecutionContext.IsRunMode)
        {
            InitializeOrExit(cluster, password.Resource);
        }
        // Databases have no process of their own: their state follows the server's (as Aspire does for containers).
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (e, ct) =>
        {
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var db in server.Databases)
            {
                await CreateDatabaseAsync(server, db.DatabaseName, ct);
                await notifications.PublishUpdateAsync(db, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow });
            }
        });

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, ct => CanConnectAsync(server.ConnectionStringExpression, "postgres", ct));

        return builder.AddResource(server)
            .WithArgs(args)
            // Picked by the orchestrator and handed to the server as PGPORT, which postgres reads as its port.
            .WithEndpoint(name: LocalPostgresServerResource.EndpointName, scheme: "tcp", env: "PGPORT", isProxied: false)
            .WithEnvironment("HOME", cluster.RunAs?.Home ?? Environment.GetEnvironmentVariable("HOME") ?? "/tmp")
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck(healthCheck);
    }

    /// <summary>
    /// initdb (first run) and a leftover postmaster stopped, before the orchestrator starts: a cluster that cannot be
    /// made stops the run here with its reason on one line, where the dependents would otherwise wait for it forever.
    /// </summary>
    private static void InitializeOrExit(PostgresCluster cluster, ParameterResource password)
    {
        try
        {
            cluster.InitializeAsync(password.GetValueAsync(default).AsTask().GetAwaiter().GetResult() ?? "", Console.WriteLine, CancellationToken.None)
                .GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"InstaUploader: postgres cannot start: {ex.Message.ReplaceLineEndings(" ")}");
            Environment.Exit(1);
        }
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(this IResourceBuilder<LocalPostgresServerResource> server, string name, string? databaseName = null)
    {
        var db = new LocalPostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(db);
        var healthCheck = $"{name}_check";
        server.ApplicationBuilder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, ct => CanConnectAsync(db.ConnectionStringExpression, null, ct));
        return server.ApplicationBuilder.AddResource(db)
            .WithInitialState(new CustomResourceSnapshot { ResourceType = "PostgresDatabase", State = KnownResourceStates.Waiting, Properties = [] })
            .WithIconName("Database")
            .WithHealthCheck(healthCheck);
    }

    private static async Task<HealthCheckResult> CanConnectAsync(ReferenceExpression connectionString, string? database, CancellationToken ct)
    {
        try
        {
            var csb = new NpgsqlConnectionStringBuilder(await connectionString.GetValueAsync(ct)) { Timeout = 3 };
            if (database is not null)
            {
                csb.Database = database;
            }

            await using var conn = new NpgsqlConnection(csb.ConnectionString);
            await conn.OpenAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }

    private static async Task CreateDatabaseAsync(LocalPostgresServerResource server, string name, CancellationToken ct)
    {
        var csb = new NpgsqlConnectionStringBuilder(await server.ConnectionStringExpression.GetValueAsync(ct)) { Database = "postgres" };
        await using var conn = new NpgsqlConnection(csb.ConnectionString);
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", conn);
        exists.Parameters.AddWithValue("n", name);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
    }
}
