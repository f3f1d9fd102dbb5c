using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.Worker;

/// <summary>
/// Issue 24: a process registers fresh (its predecessor's items may be handed back) only before its first claim, so
/// the Web never takes back an item this process itself is running.
/// </summary>
public sealed class FreshStartTests
{
    [Fact]
    public async Task The_first_registration_is_fresh_and_comes_before_any_claim()
    {
        var web = new FakeWeb();
        var runner = new HoldRunner();
        using var host = web.BuildWorkerHost(runner, concurrency: 2);
        await host.StartAsync();
        try
        {
            await Eventually.TrueAsync(() => runner.Running == 2, "both slots running items");

            Assert.True(web.RegistrationLog.TryPeek(out var first));
            Assert.Equal((true, 0), first);
        }
        finally
        {
            runner.ReleaseAll();
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_registration_made_after_claiming_began_is_not_fresh()
    {
        var web = new FakeWeb();
        web.Stall();
        var runner = new HoldRunner();
        using var host = web.BuildWorkerHost(runner, concurrency: 1);
        await host.StartAsync();
        try
        {
            // The first registration times out on the stalled Web; the claim loop does not wait for a second one.
            await Eventually.TrueAsync(() => web.StalledRequests >= 4, "requests hanging on the stalled Web");
            web.Resume();
            await Eventually.TrueAsync(() => web.Registrations >= 1 && runner.Running == 1, "registered and claiming after the Web came back");

            Assert.All(web.RegistrationLog, r => Assert.Null(r.FreshStart));
        }
        finally
        {
            runner.ReleaseAll();
            await host.StopAsync();
        }
    }
}
