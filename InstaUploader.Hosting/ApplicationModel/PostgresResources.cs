using Npgsql;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server: an external one when ConnectionStrings__{name} is configured, otherwise an embedded
/// cluster the orchestrator starts from the installed server binaries.
/// </summary>
public sealed class PostgresServerResource(string name) : IResourceWithConnectionString
{
    public string Name { get; } = name;

    /// <summary>Connection string given by configuration; when set nothing is started.</summary>
    public string? ExternalConnectionString { get; set; }

    public string? DataDirectory { get; set; }
    public bool DeleteDataOnStop { get; set; }
    public int? Port { get; set; }
    public string UserName { get; set; } = "postgres";
    public string? Password { get; set; }
    public List<PostgresDatabaseResource> Databases { get; } = [];

    public ValueTask<string> GetConnectionStringAsync(CancellationToken ct = default)
    {
        if (ExternalConnectionString is not null)
        {
            return ValueTask.FromResult(ExternalConnectionString);
        }

        var csb = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port ?? throw new InvalidOperationException("Postgres port not allocated"),
            Username = UserName,
            Password = Password,
        };
        return ValueTask.FromResult(csb.ConnectionString);
    }
}

public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : IResourceWithConnectionString
{
    public string Name { get; } = name;
    public string DatabaseName { get; } = databaseName;
    public PostgresServerResource Parent { get; } = parent;

    /// <summary>Connection string given by configuration (ConnectionStrings__{name}); wins over the parent's.</summary>
    public string? ExternalConnectionString { get; set; }

    public async ValueTask<string> GetConnectionStringAsync(CancellationToken ct = default)
    {
        if (ExternalConnectionString is not null)
        {
            return ExternalConnectionString;
        }

        var csb = new NpgsqlConnectionStringBuilder(await Parent.GetConnectionStringAsync(ct)) { Database = DatabaseName };
        return csb.ConnectionString;
    }
}
