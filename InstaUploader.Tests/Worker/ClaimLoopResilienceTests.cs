using InstaUploader.Tests.Infrastructure;
using System.Net;
using InstaUploader.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly.Timeout;

namespace InstaUploader.Tests.Worker;

/// <summary>
/// The worker's claim loop and heartbeat against a Web that fails or stalls (issue 12): no failure leaks a slot, no
/// background loop ends the host, and claiming resumes by itself once the Web answers again.
/// </summary>
public sealed class ClaimLoopResilienceTests
{
    [Fact]
    public async Task Failed_claims_leak_no_slot_and_claiming_resumes_until_every_slot_is_used()
    {
        const int slots = 3;
        var web = new FakeWeb();
        // A database outage as the worker sees it: 503 and 500 from the Web, a refused connection, a resilience timeout.
        web.FailNextClaims(
            () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            () => throw new HttpRequestException("Connection refused"),
            () => new HttpResponseMessage(HttpStatusCode.InternalServerError),
            () => throw new TimeoutRejectedException("The operation didn't complete within the allowed timeout"),
            () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var runner = new HoldRunner();
        using var host = web.BuildWorkerHost(runner, slots);
        await host.StartAsync();
        try
        {
            await Eventually.TrueAsync(() => runner.Running == slots, $"all {slots} slots running items after the failed claims");

            var jobs = host.Services.GetRequiredService<ClaimLoop>();
            Assert.Equal(slots, jobs.Running);
            Assert.Equal(0, jobs.ConsecutiveClaimFailures);
            Assert.True(web.ClaimCalls > 5, $"claims after the failures: {web.ClaimCalls}");

            // The items finish and are reported; the freed slots are claimed again.
            runner.ReleaseAll();
            await Eventually.TrueAsync(() => web.CompletedItems >= slots && web.ClaimedItems > slots, "items reported and slots claimed again");
            Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        }
        finally
        {
            runner.ReleaseAll();
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task A_stalled_web_that_answers_again_does_not_end_the_worker_and_claims_resume()
    {
        var web = new FakeWeb();
        web.Stall();
        var runner = new HoldRunner();
        using var host = web.BuildWorkerHost(runner, concurrency: 2);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await host.StartAsync();
        try
        {
            // Registration, heartbeat and claims all time out in the resilience pipeline, several times over.
            await Eventually.TrueAsync(() => web.StalledRequests >= 12, "requests hanging on the stalled Web");
            Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "a stalled Web stopped the worker");

            web.Resume();
            await Eventually.TrueAsync(() => web.Registrations >= 1 && runner.Running == 2, "registered and both slots running after the Web came back");
            Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "a stalled Web stopped the worker");
        }
        finally
        {
            runner.ReleaseAll();
            await host.StopAsync();
        }
    }
}

/// <summary>The worker's log lines go out in batches, each item's before its completion, and none is lost on stop.</summary>
public sealed class LogShippingTests
{
    [Fact]
    public async Task Log_lines_and_counters_are_sent_in_batches_ahead_of_their_items_completion_and_flushed_on_stop()
    {
        const int items = 6;
        var web = new FakeWeb { ItemKind = ChattyRunner.Kind, QueueLength = items };
        using var host = web.BuildWorkerHost(new ChattyRunner(), concurrency: 3);
        await host.StartAsync();
        await Eventually.TrueAsync(() => web.CompletedItems == items, "every item completed");
        await host.StopAsync();

        Assert.Equal(items, web.Logs.Count);
        foreach (var (item, lines) in web.Logs)
        {
            Assert.Equal([.. Enumerable.Range(0, ChattyRunner.LinesPerItem).Select(n => $"line {n}")], lines.ToArray());
            Assert.Equal(ChattyRunner.LinesPerItem, web.LinesAtCompletion[item]);
            Assert.Equal(ChattyRunner.LinesPerItem / ChattyRunner.CountEvery, web.SuccessesAtCompletion[item]);
        }

        Assert.Equal(0, web.CounterRequests);

        Assert.True(web.LogRequests < items * ChattyRunner.LinesPerItem / 10, $"{web.LogRequests} requests for {items * ChattyRunner.LinesPerItem} lines");
    }
}
