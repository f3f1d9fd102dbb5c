using System.Globalization;
using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

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

    public Task DisposeAsync() => App?.DisposeAsync().AsTask() ?? Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class ControlPlaneCollection : ICollectionFixture<ControlPlaneFixture>
{
    public const string Name = "control-plane";
}
