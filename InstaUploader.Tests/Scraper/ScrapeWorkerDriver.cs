using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Instagram;
using InstaUploader.Instagram.Mobile;
using InstaUploader.Worker.Features.Scraper;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.WebApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScrapeUpdateOutcome = InstaUploader.Web.Features.Scraper.ScrapeUpdateOutcome;

namespace InstaUploader.Tests.Scraper;

/// <summary>
/// Plays one worker: claims scrape tasks, runs them with the real <see cref="ScrapeRunner"/> against the Sandbox
/// and reports back. Claims go through the team's POST /api/queries/claim_next/ when it serves scrape kinds, else
/// straight through <see cref="Web.Features.Scraper.ScraperQueue"/> on the same database.
/// </summary>
internal sealed class ScrapeWorkerDriver
{
    public static readonly ScrapeRunnerOptions FastOptions = new()
    {
        RequestIntervalMs = 0,
        RateLimitBackoffMs = 100,
        RateLimitRetries = 3,
        MaxInPlaceWaitSeconds = 5,
    };

    private readonly ScraperFixture _stack;
    private readonly HttpClient _web;

    public ScrapeWorkerDriver(ScraperFixture stack, ScrapeRunnerOptions? options = null)
    {
        _stack = stack;
        var client = new InstagramMobileClient(
            new HttpClient(new MobileProxyRoutingHandler()) { Timeout = TimeSpan.FromSeconds(60) },
            Options.Create(new InstagramOptions { ApiBaseUrl = stack.SandboxUrl }),
            TimeProvider.System);
        Runner = new ScrapeRunner(client, new AccountPacer(TimeProvider.System), Options.Create(options ?? FastOptions),
            TimeProvider.System, NullLogger<ScrapeRunner>.Instance);
        _web = new HttpClient { BaseAddress = stack.WebUrl, Timeout = TimeSpan.FromSeconds(60) };
        _web.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScraperFixture.WorkerToken);
        _web.DefaultRequestHeaders.Add("X-Worker-Id", Owner);
    }

    public string Owner { get; } = $"scrape-test-worker-{Guid.NewGuid():N}"[..32];
    public ScrapeRunner Runner { get; }

    /// <summary>True once a claim came through the team's HTTP route (false: the in-process queue).</summary>
    public bool ClaimedOverHttp { get; private set; }

    public async Task<ClaimedWork?> ClaimAsync(string? kind = null, TimeSpan? lease = null)
    {
        var leaseTime = lease ?? TimeSpan.FromMinutes(5);
        var raw = await ClaimOverHttpAsync(kind, leaseTime) ?? await ClaimInProcessAsync(kind, leaseTime);
        if (raw is not { } json)
        {
            return null;
        }

        return WebApiClient.ToClaimedWork(json);
    }

    /// <summary>Reports an outcome as the worker loop does (PATCH body of the claim protocol).</summary>
    public async Task<int> ReportAsync(ClaimedWork work, WorkOutcome outcome, string? owner = null)
    {
        var body = JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["status"] = outcome.Success ? "done" : "failed",
            ["result"] = outcome.Result,
            ["error"] = outcome.Error,
            ["retryable"] = outcome.Retryable,
        });
        if (ClaimedOverHttp)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/queries/{work.Id}/") { Content = JsonContent.Create(body) };
            if (owner is not null)
            {
                request.Headers.Remove("X-Worker-Id");
                request.Headers.Add("X-Worker-Id", owner);
            }

            return (int)(await _web.SendAsync(request)).StatusCode;
        }

        var result = await _stack.Queue(q => q.UpdateAsync(Guid.Parse(work.Id), owner ?? Owner, body, CancellationToken.None));
        return result.Outcome switch
        {
            ScrapeUpdateOutcome.Updated => 200,
            ScrapeUpdateOutcome.Invalid => 422,
            ScrapeUpdateOutcome.NotFound => 404,
            _ => 409,
        };
    }

    /// <summary>Claims, runs and reports one task; null when nothing was claimable.</summary>
    public async Task<(ClaimedWork Work, WorkOutcome Outcome, int ReportStatus)?> RunOneAsync(string? kind = null)
    {
        if (await ClaimAsync(kind) is not { } work)
        {
            return null;
        }

        var outcome = await RunAsync(work);
        return (work, outcome, await ReportAsync(work, outcome));
    }

    public Task<WorkOutcome> RunAsync(ClaimedWork work) => Runner.RunAsync(work, new NullWorkContext(), CancellationToken.None);

    /// <summary>Runs claimable tasks until <paramref name="taskId"/> is done or failed; returns its final JSON.</summary>
    public async Task<JsonElement> RunUntilFinishedAsync(string taskId, int maxRuns = 30)
    {
        for (var i = 0; i < maxRuns; i++)
        {
            var task = await ScraperFixture.JsonAsync(await _stack.Api.GetAsync($"api/tasks/{taskId}"));
            if (task.GetProperty("status").GetString() is "done" or "failed")
            {
                return task;
            }

            if (await RunOneAsync() is null)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"Task {taskId} did not finish in {maxRuns} runs.");
    }

    /// <summary>Runs everything claimable now, so a test starts from an empty queue.</summary>
    public async Task DrainAsync(int maxRuns = 200)
    {
        for (var i = 0; i < maxRuns && await RunOneAsync() is not null; i++)
        {
        }
    }

    private async Task<JsonElement?> ClaimOverHttpAsync(string? kind, TimeSpan lease)
    {
        try
        {
            var query = $"lease_seconds={Math.Max(1, (int)Math.Ceiling(lease.TotalSeconds))}" + (kind is null ? "" : $"&kind={kind}");
            var response = await _web.PostAsync($"api/queries/claim_next/?{query}", content: null);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            var json = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (json.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && Guid.TryParse(id.GetString(), out _))
            {
                ClaimedOverHttp = true;
                return json;
            }

            return null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private async Task<JsonElement?> ClaimInProcessAsync(string? kind, TimeSpan lease)
    {
        ClaimedOverHttp = false;
        var claim = await _stack.Queue(q => q.ClaimNextAsync(Owner, kind, lease, CancellationToken.None));
        return claim is null ? null : JsonSerializer.SerializeToElement(claim, claim.GetType());
    }

    private sealed class NullWorkContext : IWorkContext
    {
        public Task LogAsync(string line, CancellationToken ct) => Task.CompletedTask;
        public Task AddCountersAsync(IReadOnlyDictionary<string, int> counters, CancellationToken ct) => Task.CompletedTask;
        public Task SaveAccountStateAsync(string? sessionSettings, string? cookiesJson, int? cookiesCount, CancellationToken ct) => Task.CompletedTask;
        public Task<string> DownloadMediaAsync(int mediaId, CancellationToken ct) => throw new NotSupportedException();
    }
}
