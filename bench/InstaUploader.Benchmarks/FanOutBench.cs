using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using InstaUploader.Contracts;
using InstaUploader.Web.Features.Auth;
using InstaUploader.Web.Features.Dispatch;
using InstaUploader.Web.Features.Workers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

/// <summary>
/// Fan-out (issue 27): the Web's dispatch round (<see cref="FanOutPlan"/> + <see cref="WorkerFanOut"/>, the real
/// WorkerControlClient over HTTP) starting one task of N accounts on a fleet of fake workers in this process, each on
/// a port of its own, speaking the worker's side of the protocol: start calls and process-query answered 202, the
/// worker's own limit of 300 requests per 10 s per caller (429), and on its first nudge a claim loop taking accounts
/// from one shared in-memory queue (the claim itself, without a database). Beside it, the ceiling: one bare POST to
/// every fake worker at once from a plain HttpClient.
/// </summary>
internal static class FanOutBench
{
    public sealed record Result(int Calls, double Seconds, double FirstClaimMs, int MostCallsToOneWorker, int Refused, double CeilingSeconds);

    public static async Task<Result> RunAsync(int accounts, int workerCount)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            for (var i = 0; i < workerCount; i++)
            {
                k.Listen(IPAddress.Loopback, 0);
            }
        });
        await using var fleet = builder.Build();
        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, accounts));
        var callsPerWorker = new ConcurrentDictionary<int, int>();
        var windows = new ConcurrentDictionary<int, (long Start, int Count)>();
        var claiming = new ConcurrentDictionary<int, bool>();
        var clock = Stopwatch.StartNew();
        long firstClaimTicks = -1;
        var refused = 0;

        IResult Nudge(HttpContext context)
        {
            var port = context.Connection.LocalPort;
            callsPerWorker.AddOrUpdate(port, 1, (_, n) => n + 1);
            var now = clock.ElapsedMilliseconds;
            var window = windows.AddOrUpdate(port, (now, 1), (_, w) => now - w.Start > 10_000 ? (now, 1) : (w.Start, w.Count + 1));
            if (window.Count > 300)
            {
                Interlocked.Increment(ref refused);
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            }

            if (claiming.TryAdd(port, true))
            {
                // The worker's claim loop: two slots, claim, "run" (nothing), claim again until the queue is empty.
                _ = Task.Run(async () =>
                {
                    while (queue.TryDequeue(out _))
                    {
                        Interlocked.CompareExchange(ref firstClaimTicks, clock.ElapsedTicks, -1);
                        queue.TryDequeue(out _);
                        await Task.Yield();
                    }
                });
            }

            return Results.Json(new { accepted = true, job_id = Guid.NewGuid() }, statusCode: StatusCodes.Status202Accepted);
        }

        fleet.MapPost("/ceiling", () => Results.StatusCode(StatusCodes.Status202Accepted));
        fleet.MapPost("/{**path}", Nudge);
        await fleet.StartAsync();
        var workers = fleet.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new WorkerTarget(new Uri(a.TrimEnd('/') + "/"), null)).ToList();

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 });
        var client = new WorkerControlClient(http, Microsoft.Extensions.Options.Options.Create(new ApiAuthOptions { WorkerToken = new string('b', 32) }),
            NullLogger<WorkerControlClient>.Instance);
        var options = new DispatchOptions();

        // Ceiling: one bare POST per worker, all at once.
        var ceiling = Stopwatch.StartNew();
        await Task.WhenAll(workers.Select(async w => (await http.PostAsync(new Uri(w.Url, "/ceiling"), new StringContent("{}"))).Dispose()));
        ceiling.Stop();

        var started = clock.ElapsedTicks;
        var sent = Stopwatch.StartNew();
        var calls = FanOutPlan.For(workers, [new DispatchRequest(TaskKinds.BulkUpload, 1, accounts, null)], options);
        var result = await new WorkerFanOut(client).SendAsync(calls, options.ParallelWorkers, CancellationToken.None);
        sent.Stop();
        while (Interlocked.Read(ref firstClaimTicks) < 0 && sent.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(1);
        }

        var firstClaimMs = (Interlocked.Read(ref firstClaimTicks) - started) * 1000.0 / Stopwatch.Frequency;
        await fleet.StopAsync();
        return new Result(result.Calls, sent.Elapsed.TotalSeconds, firstClaimMs, callsPerWorker.Values.DefaultIfEmpty(0).Max(), refused, ceiling.Elapsed.TotalSeconds);
    }
}
