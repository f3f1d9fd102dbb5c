using InstaUploader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace InstaUploader.Tests.Worker;

/// <summary>An operator's restart request reaches the worker in a heartbeat's answer and stops it gracefully.</summary>
public sealed class RestartRequestTests
{
    [Fact]
    public async Task A_heartbeat_answer_asking_for_a_restart_stops_the_worker_and_one_that_does_not_keeps_it()
    {
        var web = new FakeWeb();
        using var host = web.BuildWorkerHost(new HoldRunner(), concurrency: 1);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await host.StartAsync();
        try
        {
            // The first beat after registration says nothing: the worker keeps running.
            await Eventually.TrueAsync(() => Volatile.Read(ref web.Heartbeats) >= 1, "a first heartbeat", seconds: 30);
            Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);

            web.RestartRequested = true;
            var stopping = new TaskCompletionSource();
            using var registration = lifetime.ApplicationStopping.Register(stopping.SetResult);
            await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
