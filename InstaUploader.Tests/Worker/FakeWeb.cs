using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Worker;
using InstaUploader.Worker.Features.Registration;
using InstaUploader.Worker.Jobs;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.WebApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace InstaUploader.Tests.Worker;

/// <summary>
/// The Web as a worker sees it, in process: claims hand out "hold" items up to the asked limit, completions and lease
/// renewals succeed. It can fail the next claims (<see cref="FailNextClaims"/>) or stall every request until
/// <see cref="Resume"/> (a paused Web), and counts what it saw.
/// </summary>
internal sealed class FakeWeb : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpResponseMessage>> _claimFailures = new();
    private TaskCompletionSource _stall = NewStall(stalled: false);
    private long _nextId = 1000;

    public int ClaimCalls;
    public int ClaimedItems;
    public int CompletedItems;
    public int Registrations;

    /// <summary>Each registration's <c>fresh_start</c> and how many claims had been made before it, in order.</summary>
    public readonly ConcurrentQueue<(bool? FreshStart, int ClaimsBefore)> RegistrationLog = new();
    public int StalledRequests;
    public int LogRequests;

    /// <summary>Log lines received, per item, and the number of lines each item had when its completion arrived.</summary>
    public readonly ConcurrentDictionary<long, ConcurrentQueue<string>> Logs = new();
    public readonly ConcurrentDictionary<long, int> LinesAtCompletion = new();

    /// <summary>Successes counted per item through log batches, and what each item had when its completion arrived.</summary>
    public readonly ConcurrentDictionary<long, int> Successes = new();
    public readonly ConcurrentDictionary<long, int> SuccessesAtCompletion = new();

    /// <summary>Items whose lease renewals answer <c>lost</c> (rescued and handed to another worker).</summary>
    public readonly ConcurrentDictionary<long, bool> LostLeases = new();

    /// <summary>Requests to a per-kind counters route (one per count).</summary>
    public int CounterRequests;

    /// <summary>What heartbeats answer: an operator asked this worker to restart.</summary>
    public bool RestartRequested { get; set; }

    public int Heartbeats;

    /// <summary>The kind the claims hand out (a <see cref="HoldRunner"/> by default).</summary>
    public string ItemKind { get; set; } = HoldRunner.Kind;

    /// <summary>How many items the Web has in all; claims answer empty once they are handed out.</summary>
    public int? QueueLength { get; set; }

    /// <summary>The next claims fail, one per entry: an answer (a 5xx) or an exception thrown by the client stack.</summary>
    public void FailNextClaims(params Func<HttpResponseMessage>[] failures)
    {
        foreach (var failure in failures)
        {
            _claimFailures.Enqueue(failure);
        }
    }

    public void Stall() => _stall = NewStall(stalled: true);

    public void Resume() => _stall.TrySetResult();

    private static TaskCompletionSource NewStall(bool stalled)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!stalled)
        {
            tcs.SetResult();
        }

        return tcs;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (!_stall.Task.IsCompleted)
        {
            Interlocked.Increment(ref StalledRequests);
            await _stall.Task.WaitAsync(ct);
        }

        var path = request.RequestUri!.AbsolutePath;
        switch (path)
        {
            case "/api/queries/claim_next/":
                Interlocked.Increment(ref ClaimCalls);
                if (_claimFailures.TryDequeue(out var failure))
                {
                    return failure();
                }

                var limit = int.Parse(System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query)["limit"] ?? "1", System.Globalization.CultureInfo.InvariantCulture);
                if (QueueLength is { } total)
                {
                    limit = Math.Clamp(total - ClaimedItems, 0, limit);
                }

                Interlocked.Add(ref ClaimedItems, limit);
                return Json(new
                {
                    items = Enumerable.Range(0, limit).Select(_ => new
                    {
                        id = Interlocked.Increment(ref _nextId), kind = ItemKind, task_id = 1, attempts = 1, payload = new { },
                    }),
                });
            case "/api/queries/complete/":
                var body = await request.Content!.ReadFromJsonAsync<JsonElement>(ct);
                var items = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).ToArray();
                foreach (var id in items)
                {
                    LinesAtCompletion[id] = Logs.TryGetValue(id, out var lines) ? lines.Count : 0;
                    SuccessesAtCompletion[id] = Successes.GetValueOrDefault(id);
                }

                Interlocked.Add(ref CompletedItems, items.Length);
                return Json(new { items = items.Select(id => new { id, ok = true, status = "done" }) });
            case "/api/queries/leases/":
                var renewal = await request.Content!.ReadFromJsonAsync<JsonElement>(ct);
                return Json(new
                {
                    renewed = Array.Empty<object>(),
                    lost = renewal.GetProperty("ids").EnumerateArray().Select(i => i.GetInt64()).Where(LostLeases.ContainsKey).ToArray(),
                });
            case "/api/logs/batch/":
                Interlocked.Increment(ref LogRequests);
                var batch = await request.Content!.ReadFromJsonAsync<JsonElement>(ct);
                foreach (var line in batch.GetProperty("lines").EnumerateArray())
                {
                    Logs.GetOrAdd(line.GetProperty("query").GetInt64(), _ => new()).Enqueue(line.GetProperty("log_data").GetString()!);
                }

                if (batch.TryGetProperty("counters", out var counters))
                {
                    foreach (var count in counters.EnumerateArray())
                    {
                        Successes.AddOrUpdate(count.GetProperty("query").GetInt64(), count.GetProperty("success").GetInt32(), (_, n) => n + count.GetProperty("success").GetInt32());
                    }
                }

                return Json(new { ok = true });
            case "/api/workers/heartbeat":
                Interlocked.Increment(ref Heartbeats);
                return Json(new { ok = true, restart_requested = RestartRequested });
            case "/api/workers/register":
                var registration = await request.Content!.ReadFromJsonAsync<JsonElement>(ct);
                RegistrationLog.Enqueue((registration.TryGetProperty("fresh_start", out var fresh) && fresh.ValueKind != JsonValueKind.Null ? fresh.GetBoolean() : null,
                    Volatile.Read(ref ClaimCalls)));
                Interlocked.Increment(ref Registrations);
                return Json(new { ok = true });
            case not null when path.EndsWith("/counters", StringComparison.Ordinal):
                Interlocked.Increment(ref CounterRequests);
                return Json(new { ok = true });
            default:
                return Json(new { ok = true });
        }
    }

    private static HttpResponseMessage Json(object body) => new(HttpStatusCode.OK) { Content = JsonContent.Create(body) };

    /// <summary>
    /// A worker host (claim loop, registration heartbeat) whose HttpClients reach this fake Web through the standard
    /// resilience handler with short timeouts, as ServiceDefaults wires them.
    /// </summary>
    public IHost BuildWorkerHost(IWorkRunner runner, int concurrency)
    {
        var builder = Host.CreateApplicationBuilder();
        var services = builder.Services;
        services.Configure<WorkerOptions>(o =>
        {
            o.WebBaseUrl = new Uri("http://web.test");
            o.WorkerToken = "fake-web-token-0123456789";
            o.WorkerId = "fake-worker";
            o.ConcurrencyLimit = concurrency;
            o.PollingInterval = 3600;
            o.LeaseSeconds = 30;
            o.PublicUrl = new Uri("http://fake-worker.test");
        });
        services.AddSingleton(TimeProvider.System);
        services.ConfigureHttpClientDefaults(http => http
            .ConfigurePrimaryHttpMessageHandler(() => this)
            .AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(200);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromMilliseconds(600);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(1);
                o.Retry.Delay = TimeSpan.FromMilliseconds(10);
            }));
        services.AddSingleton<WebAuthTokens>();
        services.AddHttpClient("ui-auth");
        services.AddHttpClient<WebApiClient>();
        services.AddSingleton<WorkerActivity>();
        services.AddSingleton<JobTracker>();
        services.AddSingleton<IWorkRunner>(runner);
        services.AddSingleton<RunnerRegistry>();
        services.AddSingleton<MediaCache>();
        services.AddSingleton<LogShipper>();
        services.AddHostedService(sp => sp.GetRequiredService<LogShipper>());
        services.AddSingleton<CompletionBatcher>();
        services.AddSingleton<LeaseRenewer>();
        services.AddSingleton<ClaimLoop>();
        services.AddHostedService(sp => sp.GetRequiredService<ClaimLoop>());
        services.AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer, NoServer>();
        services.AddSingleton<WorkerAddress>();
        services.AddSingleton<FreshStartGate>();
        services.AddHostedService<RegistrationService>();
        return builder.Build();
    }
}

/// <summary>A runner that holds every item until <see cref="ReleaseAll"/>, so a test can see how many slots are in use.</summary>
internal sealed class HoldRunner : IWorkRunner
{
    public const string Kind = "hold";

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;

    public int Running => Volatile.Read(ref _running);

    public IReadOnlyCollection<string> Kinds => [Kind];

    public void ReleaseAll() => _release.TrySetResult();

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        Interlocked.Increment(ref _running);
        try
        {
            await _release.Task.WaitAsync(ct);
            return WorkOutcome.Ok();
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}

/// <summary>A runner that writes <see cref="LinesPerItem"/> log lines and finishes.</summary>
internal sealed class ChattyRunner : IWorkRunner
{
    public const string Kind = "chatty";
    public const int LinesPerItem = 200;
    public const int CountEvery = 10;

    public IReadOnlyCollection<string> Kinds => [Kind];

    public async Task<WorkOutcome> RunAsync(ClaimedWork work, IWorkContext context, CancellationToken ct)
    {
        for (var n = 0; n < LinesPerItem; n++)
        {
            await context.LogAsync($"line {n}", ct);
            if (n % CountEvery == 0)
            {
                await context.AddCountersAsync(new Dictionary<string, int> { ["success"] = 1 }, ct);
            }

            if (n % 20 == 0)
            {
                await Task.Yield();
            }
        }

        return WorkOutcome.Ok();
    }
}

/// <summary>The worker host here serves nothing; its announced address is configured.</summary>
internal sealed class NoServer : Microsoft.AspNetCore.Hosting.Server.IServer
{
    public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

    public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
