using System.Collections.Concurrent;
using System.Net;
using InstaUploader.Contracts;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Workers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.RateLimiting;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>
/// Dispatch fan-out (issue 27): a task of any size costs each worker at most one call, never more than one call is in
/// flight toward a worker, and refusals (429, the pipeline's RateLimiterRejectedException) never cost a worker its wake-up.
/// </summary>
public sealed class DispatchFanOutTests
{
    private static readonly DispatchOptions Options = new() { BatchSize = 5, Concurrency = 2, ParallelWorkers = 8 };

    private static List<WorkerTarget> Fleet(int size) =>
        [.. Enumerable.Range(0, size).Select(i => new WorkerTarget(new Uri($"http://10.0.{i / 250}.{i % 250 + 1}:9000/"), null))];

    [Theory]
    [InlineData(TaskKinds.BulkUpload)]
    [InlineData(TaskKinds.Warmup)]
    public void A_100000_account_task_costs_each_of_100_workers_one_call(string kind)
    {
        var fleet = Fleet(100);

        var calls = FanOutPlan.For(fleet, [new DispatchRequest(kind, 7, 100_000, null)], Options);

        Assert.Equal(100, calls.Count);
        Assert.All(calls.GroupBy(c => c.Worker), g => Assert.Single(g));
        Assert.DoesNotContain(calls, c => c.Path == ControlRoutes.ProcessQuery);
    }

    [Fact]
    public void A_small_task_starts_as_many_batches_as_it_has_and_wakes_the_rest_once()
    {
        var fleet = Fleet(10);

        var calls = FanOutPlan.For(fleet, [new DispatchRequest(TaskKinds.Warmup, 7, 12, null), DispatchRequest.WakeWorkers, DispatchRequest.WakeWorkers], Options);

        Assert.Equal(10, calls.Count);
        Assert.Equal(
            ["/api/v1/warmup/start?task_id=7&batch_index=0&batch_count=3", "/api/v1/warmup/start?task_id=7&batch_index=1&batch_count=3", "/api/v1/warmup/start?task_id=7&batch_index=2&batch_count=3"],
            calls.Take(3).Select(c => c.Path));
        Assert.All(calls.Skip(3), c => Assert.Equal(ControlRoutes.ProcessQuery, c.Path));
    }

    [Fact]
    public void Our_workers_get_only_process_query_and_start_calls_go_to_the_original_ones()
    {
        var ours = Enumerable.Range(0, 3).Select(i => new WorkerTarget(new Uri($"http://10.1.0.{i + 1}:9000/"), $"nudge-token-of-worker-{i}")).ToList();
        var original = Fleet(2);

        var calls = FanOutPlan.For([.. ours, .. original], [new DispatchRequest(TaskKinds.Warmup, 7, 100, null), new DispatchRequest(TaskKinds.Follow, 8, 100, null)], Options);

        Assert.All(ours, w => Assert.Equal([ControlRoutes.ProcessQuery], calls.Where(c => c.Worker == w).Select(c => c.Path)));
        Assert.All(original, w => Assert.Equal(2, calls.Count(c => c.Worker == w && c.Path.Contains("/start?", StringComparison.Ordinal))));
        Assert.DoesNotContain(calls, c => original.Contains(c.Worker) && c.Path == ControlRoutes.ProcessQuery);
    }

    [Fact]
    public async Task Refusals_never_skip_a_nudge_and_each_worker_has_one_call_in_flight_at_most()
    {
        var fleet = Fleet(40);
        var transport = new Fleet429(rejectsStartOf: fleet[3].Url.Authority, throwsFor: fleet[5].Url.Authority);
        using var http = new HttpClient(transport);
        var client = new WorkerControlClient(http, Microsoft.Extensions.Options.Options.Create(new ApiAuthOptions { WorkerToken = new string('t', 32) }), NullLogger<WorkerControlClient>.Instance);
        var calls = FanOutPlan.For(fleet, [new DispatchRequest(TaskKinds.Warmup, 7, 100_000, null), new DispatchRequest(TaskKinds.Follow, 8, 50, null)], Options);

        var result = await new WorkerFanOut(client).SendAsync(calls, Options.ParallelWorkers, CancellationToken.None);

        Assert.Equal(1, transport.MostInFlightPerWorker);
        Assert.True(transport.MostInFlight <= Options.ParallelWorkers, $"{transport.MostInFlight} calls in flight");
        // The worker answering 429 to starts was still woken; the one whose calls the pipeline rejected was tried once.
        Assert.Contains((fleet[3].Url.Authority, ControlRoutes.ProcessQuery), transport.Answered);
        Assert.Single(transport.Seen, s => s.Host == fleet[5].Url.Authority);
        Assert.All(fleet.Where((_, i) => i is not 3 and not 5), w => Assert.Contains(transport.Answered, a => a.Host == w.Url.Authority));
        Assert.Equal(40, result.Workers);
        Assert.True(transport.Seen.Count(s => s.Host != fleet[3].Url.Authority) <= 2 * 39, "at most one call per worker per task");
    }

    /// <summary>Workers that answer every call after a short pause, one that answers 429 to start calls, one behind a full limiter.</summary>
    private sealed class Fleet429(string rejectsStartOf, string throwsFor) : HttpMessageHandler
    {
        private readonly ConcurrentDictionary<string, int> inFlight = new();
        private int total;

        public ConcurrentBag<(string Host, string Path)> Seen { get; } = [];
        public ConcurrentBag<(string Host, string Path)> Answered { get; } = [];
        public int MostInFlightPerWorker { get; private set; }
        public int MostInFlight { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var host = request.RequestUri!.Authority;
            var path = request.RequestUri.AbsolutePath;
            Seen.Add((host, path));
            if (host == throwsFor)
            {
                throw new RateLimiterRejectedException();
            }

            var mine = inFlight.AddOrUpdate(host, 1, (_, n) => n + 1);
            var all = Interlocked.Increment(ref total);
            lock (inFlight)
            {
                MostInFlightPerWorker = Math.Max(MostInFlightPerWorker, mine);
                MostInFlight = Math.Max(MostInFlight, all);
            }

            try
            {
                await Task.Delay(5, cancellationToken);
                if (host == rejectsStartOf && path != ControlRoutes.ProcessQuery)
                {
                    var refusal = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
                    refusal.Headers.RetryAfter = new(TimeSpan.FromMilliseconds(10));
                    return refusal;
                }

                Answered.Add((host, path));
                return new HttpResponseMessage(HttpStatusCode.Accepted);
            }
            finally
            {
                inFlight.AddOrUpdate(host, 0, (_, n) => n - 1);
                Interlocked.Decrement(ref total);
            }
        }
    }
}
