using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Foundation;

/// <summary>Its own topology: disposing it must leave no process of that run alive, Postgres included.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Disposing_the_app_stops_every_process_it_started()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var app = await TopologyFixture.StartAsync(["--workers", "1"], cts.Token);
        var pids = AppHostTesting.ProcessIds(app);
        Assert.True(pids.Count >= 4, $"expected postgres, web, sandbox and a worker; got {pids.Count} processes");

        await app.DisposeAsync();

        var alive = pids.Where(LocalProcesses.IsAlive).ToList();
        Assert.Empty(alive);
    }
}
