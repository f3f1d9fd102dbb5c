using System.Globalization;
using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using InstaUploader.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace InstaUploader.Tests.Infrastructure;

/// <summary>
/// Postgres + Web only (no worker replicas, no Sandbox): the tests play the worker themselves, so no real
/// worker races them for the items they queue.
/// </summary>
public sealed class ControlPlaneFixture : IAsyncLifetime
{
    /// <summary>How often this Web re-checks a cookie's security stamp: short, so a signed-out cookie ends within seconds.</summary>
    public static readonly TimeSpan StampValidationInterval = TimeSpan.FromSeconds(2);

    public DistributedApplication App { get; private set; } = null!;
    public string WorkerToken => App.Parameter("worker-token");
    public string OperatorToken => App.Parameter("operator-api-token");

    /// <summary>The application database's connection string, for tests that look at rows directly.</summary>
    public async Task<string> ConnectionStringAsync() =>
        await App.DatabaseConnectionStringAsync();
    public string WorkerPassword => App.Parameter("worker-password");

    private Task<string>? _scratch;

    /// <summary>
    /// A throwaway database beside the application's, migrated and served by no Web: nothing else claims, rescues or
    /// rolls up there, so a test of one statement sees that statement alone. Made once per fixture, dropped with it.
    /// </summary>
    public Task<string> ScratchDatabaseAsync() => _scratch ??= CreateScratchDatabaseAsync();

    /// <summary>A context on <see cref="ScratchDatabaseAsync"/>.</summary>
    public async Task<AppDbContext> ScratchContextAsync() => new(
        new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(await ScratchDatabaseAsync()).UseSnakeCaseNamingConvention().Options,
        new EphemeralDataProtectionProvider());

    private async Task<string> CreateScratchDatabaseAsync()
    {
        var main = await ConnectionStringAsync();
        var name = "scratch_" + Guid.NewGuid().ToString("n")[..12];
        await using (var connection = new NpgsqlConnection(main))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var scratch = new NpgsqlConnectionStringBuilder(main) { Database = name }.ConnectionString;
        await using var db = new AppDbContext(
            new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(scratch).UseSnakeCaseNamingConvention().Options, new EphemeralDataProtectionProvider());
        await db.Database.MigrateAsync();
        return scratch;
    }

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        App = await AppHostTesting.StartAsync(["--workers", "0", "--sandbox", "false"], cts.Token, builder =>
            builder.CreateResourceBuilder<ProjectResource>("web")
                .WithEnvironment("Security__StampValidationInterval", StampValidationInterval.ToString("c", CultureInfo.InvariantCulture)));
    }

    /// <summary>A Web client acting as worker <paramref name="workerId"/> (the lease owner name).</summary>
    public HttpClient Worker(string workerId = "test-worker")
    {
        var client = App.CreateHttpClient("web");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WorkerToken);
        client.DefaultRequestHeaders.Add("X-Worker-Id", workerId);
        return client;
    }

    public HttpClient Operator()
    {
        var client = App.CreateHttpClient("web");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        return client;
    }

    public HttpClient Anonymous() => App.CreateHttpClient("web");

    public async Task DisposeAsync()
    {
        if (_scratch is { IsCompletedSuccessfully: true } && App is not null)
        {
            var name = new NpgsqlConnectionStringBuilder(await _scratch).Database;
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(await ConnectionStringAsync());
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "control-plane";
}
