using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace InstaUploader.Tests.Infrastructure;

/// <summary>
/// The whole composed system (throwaway Postgres, Web, Sandbox, two workers) started once from the AppHost's
/// own Program through the test host, and shared by every test in the "topology" collection.
/// </summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    public const int WorkerReplicas = 2;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    public DistributedApplication App { get; private set; } = null!;
    public string WorkerToken => App.GetResource<ParameterResource>("worker-api-token").Value;
    public string OperatorToken => App.GetResource<ParameterResource>("operator-api-token").Value;

    /// <summary>The application database's connection string, for tests that look at rows directly.</summary>
    public async Task<string> ConnectionStringAsync() =>
        (await App.GetResource<PostgresDatabaseResource>("instauploader").GetConnectionStringAsync())!;

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        App = await StartAsync(["--workers", WorkerReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture), "--worker-lease-seconds", "15"], cts.Token);
    }

    public static async Task<DistributedApplication> StartAsync(string[] args, CancellationToken ct)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.InstaUploader_AppHost>(args, ct);
        var app = await builder.BuildAsync(ct);
        try
        {
            await app.StartAsync(ct);
            await app.WaitForAllHealthyAsync(ct);
            return app;
        }
        catch (Exception ex)
        {
            var logs = string.Join('\n', app.Resources.SelectMany(r => app.GetLogs(r.Name, r is ProjectResource ? 0 : -1).TakeLast(30).Select(l => $"[{r.Name}] {l}")));
            await app.DisposeAsync();
            throw new InvalidOperationException($"Topology did not become healthy: {ex.Message}\n{logs}", ex);
        }
    }

    public HttpClient CreateClient(string resource, int replica = 0, string? bearer = null)
    {
        var client = App.CreateHttpClient(resource, replica);
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>Web client authenticated as a worker (shared WORKER_API_TOKEN).</summary>
    public HttpClient WorkerClient() => CreateClient("web", bearer: WorkerToken);

    /// <summary>Web client authenticated as an operator script (OPERATOR_API_TOKEN).</summary>
    public HttpClient OperatorClient() => CreateClient("web", bearer: OperatorToken);

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "topology";
}
