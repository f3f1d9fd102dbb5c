using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using InstaUploader.Contracts.Accounts;
using InstaUploader.Contracts.Control;
using InstaUploader.Contracts.Proxies;
using InstaUploader.Contracts.Queue;
using InstaUploader.Contracts.Registry;
using InstaUploader.Contracts.Scrape;
using InstaUploader.Contracts.Status;
using InstaUploader.Worker.Runners;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.WebApi;

/// <summary>
/// The Worker's client of the Web: every call of the worker protocol (docs/protocol.md), on the contract records. Retries with backoff and jitter, timeouts and
/// circuit breaking come from the standard resilience handler ServiceDefaults adds; writes that add or append send
/// an Idempotency-Key so a retried request is applied once.
/// </summary>
public sealed class WebApiClient(HttpClient http, IOptions<WorkerOptions> options, WebAuthTokens tokens)
{
    private readonly WorkerOptions _options = options.Value;

    public static readonly JsonSerializerOptions JsonOptions = ProtocolJson.Options;

    /// <summary>Registers this replica; <paramref name="freshStart"/> when it has claimed nothing yet (docs/protocol.md#registration).</summary>
    public Task<HttpResponseMessage> RegisterAsync(Uri publicUrl, string nudgeToken, bool freshStart, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, WorkerRoutes.Register, new RegisterRequest(
            _options.WorkerId, publicUrl.ToString().TrimEnd('/'), nudgeToken, typeof(WebApiClient).Assembly.GetName().Version?.ToString(),
            _options.ConcurrencyLimit, freshStart ? true : null), ct);

    /// <summary>The Web's answer to a heartbeat; null when it does not know this worker (it must register again).</summary>
    public async Task<HeartbeatAnswer?> HeartbeatAsync(int activeJobs, WorkerMetrics metrics, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, WorkerRoutes.Heartbeat,
            new HeartbeatRequest(_options.WorkerId, activeJobs, JsonSerializer.SerializeToElement(metrics, JsonOptions)), ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<HeartbeatAnswer>(JsonOptions, ct);
    }

    /// <summary>One metrics sample for the Web's history.</summary>
    public Task<HttpResponseMessage> ReportMetricsAsync(WorkerMetrics metrics, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, WorkerRoutes.Metrics, new MetricsReport(_options.WorkerId, JsonSerializer.SerializeToElement(metrics, JsonOptions)), ct);

    /// <summary>
    /// Claims up to <paramref name="limit"/> runnable items in one request (claim_next with <c>limit</c>); empty when
    /// the queue has nothing runnable. A batch may hold upload items and a scrape task, told apart by their kind.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedWork>> ClaimAsync(int limit, int leaseSeconds, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, WorkerRoutes.ClaimNext(limit, leaseSeconds), null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        var batch = await response.Content.ReadFromJsonAsync<ClaimBatch<JsonElement>>(JsonOptions, ct);
        return [.. (batch?.Items ?? []).Select(ToClaimedWork)];
    }

    public static ClaimedWork ToClaimedWork(JsonElement raw) =>
        ScrapeKinds.IsScrape(raw.Deserialize<ClaimHead>(JsonOptions)?.Kind)
            ? ClaimedWork.From(raw.Deserialize<ScrapeClaim>(JsonOptions)!)
            : ClaimedWork.From(raw.Deserialize<ClaimedItem>(JsonOptions)!);

    /// <summary>
    /// PATCH /api/queries/{id}/: reports the outcome. Null when the lease was no longer ours (409), else the
    /// answer with when a retried item is due again.
    /// </summary>
    public async Task<CompleteAnswer?> CompleteAsync(ClaimedWork work, WorkOutcome outcome, CancellationToken ct)
    {
        var item = ToCompleteItem(work, outcome);
        using var response = await SendAsync(HttpMethod.Patch, WorkerRoutes.Complete(work.Id), new CompleteRequest(
            item.Status, item.AnswerText, item.QueryFinished, item.Result, item.Error, item.Retryable, item.RetryAfterSeconds, item.AccountStatus, item.PushBack), ct);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<CompletionAnswer>(JsonOptions, ct);
        return new CompleteAnswer(body?.RunAfter);
    }

    private static CompleteItem ToCompleteItem(ClaimedWork work, WorkOutcome outcome) => new(
        work.ItemId ?? 0,
        outcome.Success ? ItemStatuses.Done : ItemStatuses.Failed,
        outcome.Success ? "completed" : outcome.ErrorLogged ? null : outcome.Error,
        outcome.Error,
        outcome.Result is null ? null : JsonSerializer.SerializeToElement(outcome.Result, JsonOptions),
        outcome.Retryable,
        outcome.RetryAfter?.TotalSeconds,
        DateTimeOffset.UtcNow,
        outcome.Success ? null : outcome.AccountStatus,
        outcome.Success ? null : outcome.PushBack);

    /// <summary>Finishes several items in one request; per item the same answer as <see cref="CompleteAsync"/>.</summary>
    public async Task<IReadOnlyList<CompleteAnswer?>> CompleteManyAsync(IReadOnlyList<(ClaimedWork Work, WorkOutcome Outcome)> finished, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, WorkerRoutes.CompleteBatch,
            new CompleteBatchRequest([.. finished.Select(f => ToCompleteItem(f.Work, f.Outcome))]), ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<CompleteBatchResult>(JsonOptions, ct);
        var byId = (body?.Items ?? []).ToDictionary(i => i.Id.ToString(CultureInfo.InvariantCulture));
        return [.. finished.Select(f => byId.TryGetValue(f.Work.Id, out var answer) && answer.Ok ? new CompleteAnswer(answer.RunAfter) : null)];
    }

    /// <summary>Renews the leases of several items in one request; returns the ids whose lease is no longer ours.</summary>
    public async Task<IReadOnlyCollection<long>> RenewLeasesAsync(IReadOnlyCollection<long> ids, int leaseSeconds, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, WorkerRoutes.RenewBatch, new RenewBatchRequest([.. ids], leaseSeconds), ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<RenewBatchAnswer>(JsonOptions, ct);
        return [.. body?.Lost ?? []];
    }

    /// <summary>
    /// Appends log lines and adds counters of one or more items in one request (applied once even when the request is
    /// retried under the same <paramref name="idempotencyKey"/>).
    /// </summary>
    public async Task SendLogBatchAsync(IReadOnlyList<(long Item, string Line)> lines, IReadOnlyList<LogBatchCounters> counters, string idempotencyKey, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, WorkerRoutes.LogBatch,
            new LogBatchRequest([.. lines.Select(l => new LogRequest(null, l.Item, l.Line))], counters), ct, idempotencyKey);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Hands an unfinished item back without spending an attempt (graceful shutdown).</summary>
    public async Task ReleaseAsync(string id, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, WorkerRoutes.Release(id), EmptyBody, ct);
    }

    public async Task LogAsync(ClaimedWork work, string line, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, WorkerRoutes.Log,
            new LogRequest(work.TaskId, work.ItemId, line), ct, NewIdempotencyKey());
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// The counters route of the item's kind (docs/protocol.md). A count stands for something already done on Instagram, so it
    /// is sent until the Web takes it — through a database outage or a restarting Web — under one Idempotency-Key, so
    /// a retry of a write that did land adds nothing.
    /// </summary>
    public async Task AddCountersAsync(ClaimedWork work, IReadOnlyDictionary<string, int> counters, CancellationToken ct)
    {
        var path = WorkerRoutes.Counters(work.Kind, work.Id);
        var key = NewIdempotencyKey();
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await SendAsync(HttpMethod.Post, path, counters, ct, key);
                if (response.IsSuccessStatusCode || attempt >= MaxCounterAttempts || !IsTransient(response.StatusCode))
                {
                    response.EnsureSuccessStatusCode();
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                       && attempt < MaxCounterAttempts && !ct.IsCancellationRequested)
            {
                // The Web or its database is away; the count waits for it.
            }

            await Task.Delay(delay, ct);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxCounterDelay.Ticks));
        }
    }

    private const int MaxCounterAttempts = 30;
    private static readonly TimeSpan MaxCounterDelay = TimeSpan.FromSeconds(5);

    /// <summary>Whether an answer with <paramref name="status"/> may succeed when sent again; any other failure is a refusal.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    /// <summary>The counters an item has so far: an empty addition adds nothing and answers the totals.</summary>
    public async Task<CountersAnswer> ReadCountersAsync(ClaimedWork work, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, WorkerRoutes.Counters(work.Kind, work.Id), new Dictionary<string, int>(), ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CountersAnswer>(JsonOptions, ct))!;
    }

    public async Task SaveAccountStateAsync(int accountId, SessionRequest state, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, WorkerRoutes.AccountSession(accountId), state, ct);
        response.EnsureSuccessStatusCode();
    }

    public async Task ReportErrorAsync(string message, string? kind, long? itemId, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, WorkerRoutes.Errors, new ErrorReport(_options.WorkerId, message, kind, null, itemId), ct);
    }

    /// <summary>Streams a media file of the Web's library to <paramref name="destination"/>; returns its sha256 (hex).</summary>
    public async Task<string> DownloadMediaAsync(int mediaId, string destination, CancellationToken ct)
    {
        using var request = await CreateRequestAsync(HttpMethod.Get, WorkerRoutes.MediaDownload(mediaId), null, ct);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var source = await response.Content.ReadAsStreamAsync(ct);
        await using var file = File.Create(destination);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>Stores the check of a proxy (proxy diagnostics items).</summary>
    public Task<HttpResponseMessage> ReportDiagnosticsAsync(int proxyId, DiagnosticsReport report, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, WorkerRoutes.ProxyDiagnostics(proxyId), report, ct);

    /// <summary>Records a start call this replica accepted, so every replica answers for the job (docs/protocol.md#worker-api).</summary>
    public async Task RecordJobAsync(JobRecord job, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, WorkerRoutes.JobsGroup, job, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The jobs every replica accepted, most recent first, with their tasks' progress.</summary>
    public async Task<List<JobStatus>> ListJobsAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, WorkerRoutes.JobsGroup, null, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<JobStatus>>(JsonOptions, ct) ?? [];
    }

    /// <summary>One job whichever replica accepted it; null when no replica did.</summary>
    public async Task<JobStatus?> GetJobAsync(string jobId, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, WorkerRoutes.Job(jobId), null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JobStatus>(JsonOptions, ct);
    }

    private static readonly Dictionary<string, object> EmptyBody = [];

    private static string NewIdempotencyKey() => Guid.NewGuid().ToString("n");

    /// <summary>Sends a request; with <paramref name="idempotencyKey"/> the Web applies it once however often it is retried.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct, string? idempotencyKey = null)
    {
        using var request = await CreateRequestAsync(method, path, body, ct);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request, ct);
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, new Uri(_options.WebBaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(ct));
        request.Headers.Add("X-Worker-Id", _options.WorkerId);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonOptions);
        }

        return request;
    }
}

/// <summary>The Web's answer to a completion: <see cref="RunAfter"/> is set when the item was queued again.</summary>
public sealed record CompleteAnswer(DateTimeOffset? RunAfter);
