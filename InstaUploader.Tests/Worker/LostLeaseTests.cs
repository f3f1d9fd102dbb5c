using InstaUploader.Tests.Infrastructure;
using InstaUploader.Worker.Jobs;
using InstaUploader.Worker.Runners;
using Microsoft.Extensions.DependencyInjection;

namespace InstaUploader.Tests.Worker;

/// <summary>
/// Issue 24: a worker whose item was handed to another (it froze and was rescued) stops the run at its next step that
/// cannot be undone and reports nothing for it: a finish from it would be refused, or taken for the new run's.
/// </summary>
public sealed class LostLeaseTests
{
    [Fact]
    public async Task A_run_whose_lease_is_reported_lost_stops_before_its_next_post_and_sends_no_completion()
    {
        var web = new FakeWeb { ItemKind = PostingRunner.Kind, QueueLength = 1 };
        var runner = new PostingRunner();
        using var host = web.BuildWorkerHost(runner, concurrency: 1);
        var jobs = host.Services.GetRequiredService<ClaimLoop>();
        await host.StartAsync();
        try
        {
            await Eventually.TrueAsync(() => runner.Posts > 0, "the item posting");
            web.LostLeases[runner.ItemId] = true;

            await Eventually.TrueAsync(() => runner.Stopped, "the run stopped once its lease was reported lost", seconds: 30);
            await Eventually.TrueAsync(() => jobs.Running == 0, "the slot given back");

            Assert.Equal(0, web.CompletedItems);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Posts every 50 ms, confirming its lease before each post as the reel publishers do, until stopped.</summary>
    private sealed class PostingRunner : IWorkRunner
    {
        public const string Kind = "posting";

        private int _posts;
        private long _itemId;
        private volatile bool _stopped;

        public int Posts => Volatile.Read(ref _posts);
        public long ItemId => Volatile.Read(ref _itemId);
        public bool Stopped => _stopped;

        public IReadOnlyCollection<string> Kinds => [Kind];

        public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
        {
            Volatile.Write(ref _itemId, work.ItemId ?? 0);
            try
            {
                while (true)
                {
                    await context.EnsureLeaseAsync(ct);
                    Interlocked.Increment(ref _posts);
                    await Task.Delay(50, ct);
                }
            }
            finally
            {
                _stopped = true;
            }
        }
    }
}
