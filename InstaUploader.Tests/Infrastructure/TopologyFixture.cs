using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace InstaUploader.Tests.Infrastructure;

/// <summary>
/// The whole composed system (throwaway Postgres, Web, Sandbox, two workers) started once from the AppHost
/// through Aspire's test host, and shared by every test in the "topology" collection.
/// </summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    public const int WorkerReplicas = 2;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    public DistributedApplication App { get; private set; } = null!;
    public string WorkerToken => App.Parameter("worker-token");
    public string OperatorToken => App.Parameter("operator-api-token");
    public string DolphinToken => App.Parameter("dolphin-api-token");

    /// <summary>The application database's connection string, for tests that look at rows directly.</summary>
    public async Task<string> ConnectionStringAsync() => await App.DatabaseConnectionStringAsync();

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        App = await StartAsync(["--workers", WorkerReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture), "--worker-lease-seconds", "15"], cts.Token);
    }

    public static Task<DistributedApplication> StartAsync(string[] args, CancellationToken ct, [CallerFilePath] string owner = "") =>
        AppHostTesting.StartAsync(args, ct, owner: owner);

    /// <summary>A client of a resource's endpoint; for "worker" that is the proxy in front of every replica.</summary>
    public HttpClient CreateClient(string resource, string? bearer = null) => WithBearer(App.CreateHttpClient(resource), bearer);

    /// <summary>Web client authenticated as a worker (shared WORKER_API_TOKEN).</summary>
    public HttpClient WorkerClient() => CreateClient("web", WorkerToken);

    /// <summary>Web client authenticated as an operator script (OPERATOR_API_TOKEN).</summary>
    public HttpClient OperatorClient() => CreateClient("web", OperatorToken);

    /// <summary>Every worker replica as the Web's registry knows it (each announces its own address).</summary>
    public async Task<List<WorkerReplica>> WorkerReplicasAsync(int atLeast = WorkerReplicas)
    {
        using var web = OperatorClient();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var workers = (await web.GetFromJsonAsync<List<JsonElement>>("/api/workers") ?? [])
                .Where(w => w.GetProperty("status").GetString() == "online")
                .Select(w => new WorkerReplica(w.GetProperty("id").GetString()!, new Uri(w.GetProperty("base_url").GetString()!)))
                .ToList();
            if (workers.Count >= atLeast || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                return workers;
            }

            await Task.Delay(250);
        }
    }

    public async Task<WorkerReplica> WorkerReplicaAsync(string workerId) =>
        (await WorkerReplicasAsync()).SingleOrDefault(w => w.Id == workerId) ?? throw new InvalidOperationException($"No worker replica is {workerId}.");

    /// <summary>A client of one replica, at the address it announced.</summary>
    public static HttpClient ReplicaClient(WorkerReplica replica, string? bearer = null) =>
        WithBearer(new HttpClient { BaseAddress = replica.BaseUrl }, bearer);

    /// <summary>SIGKILL of a replica's own process (the one listening on its address), as a crash would end it.</summary>
    public static void Kill(WorkerReplica replica)
    {
        var pid = LocalProcesses.ListeningOn(replica.BaseUrl.Port) ?? throw new InvalidOperationException($"Nothing listens on {replica.BaseUrl}.");
        using var process = Process.GetProcessById(pid);
        process.Kill();
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    private static HttpClient WithBearer(HttpClient client, string? bearer)
    {
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }
}

/// <summary>One worker process: its id in the registry and the address it announced.</summary>
public sealed record WorkerReplica(string Id, Uri BaseUrl);

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "topology";
}

/// <summary>
/// The browser tests' own topology (a second <see cref="TopologyFixture"/>): the two collections are each about five
/// minutes long, and apart they run side by side instead of one after the other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class UiTopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "topology-ui";
}
