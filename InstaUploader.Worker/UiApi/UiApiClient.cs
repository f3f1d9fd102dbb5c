using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using InstaUploader.Contracts;
using InstaUploader.Worker.Runners;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.UiApi;

/// <summary>
/// Typed client for the Web's worker-facing API (seed 000/001/003). Retries with backoff and jitter, timeouts and
/// circuit breaking come from the standard resilience handler ServiceDefaults adds; writes that add or append send
/// an Idempotency-Key so a retried request is applied once.
/// </summary>
public sealed class UiApiClient(HttpClient http, IOptions<WorkerOptions> options, UiAuthTokens tokens)
{
    private readonly WorkerOptions _options = options.Value;

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public Task<HttpResponseMessage> RegisterAsync(Uri publicUrl, string nudgeToken, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "/api/workers/register", new
        {
            worker_id = _options.WorkerId,
            base_url = publicUrl.ToString().TrimEnd('/'),
            nudge_token = nudgeToken,
            version = typeof(UiApiClient).Assembly.GetName().Version?.ToString(),
            capacity = _options.ConcurrencyLimit,
        }, ct);

    public Task<HttpResponseMessage> HeartbeatAsync(int activeJobs, object? metrics, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "/api/workers/heartbeat", new { worker_id = _options.WorkerId, active_jobs = activeJobs, metrics }, ct);

    /// <summary>Seed 002 report_worker_metrics: one sample for the Web's history.</summary>
    public Task<HttpResponseMessage> ReportMetricsAsync(object metrics, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, "/api/workers/metrics", new { worker_id = _options.WorkerId, metrics }, ct);

    /// <summary>
    /// Claims up to <paramref name="limit"/> runnable items in one request (claim_next with <c>limit</c>); empty when
    /// the queue has nothing runnable.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedWork>> ClaimAsync(int limit, int leaseSeconds, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/queries/claim_next/?limit={limit}&lease_seconds={leaseSeconds}", null, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        var raw = await response.Content.ReadFromJsonAsync<JsonElement>(JsonOptions, ct);
        return [.. raw.GetProperty("items").EnumerateArray().Select(ToClaimedWork)];
    }

    public static ClaimedWork ToClaimedWork(JsonElement raw) => new(
        raw.GetProperty("id").ToString(),
        raw.GetProperty("kind").GetString()!,
        raw.TryGetProperty("task_id", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : null,
        raw.TryGetProperty("attempts", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : 1,
        raw.TryGetProperty("lease_expires_at", out var l) && l.ValueKind == JsonValueKind.String ? l.GetDateTimeOffset() : null,
        raw.TryGetProperty("account", out var acc) ? acc.Clone() : default,
        raw.TryGetProperty("payload", out var p) ? p.Clone() : default,
        raw.Clone());

    /// <summary>
    /// Seed 003 PATCH /api/queries/{id}/: reports the outcome. Null when the lease was no longer ours (409), else the
    /// answer with when a retried item is due again.
    /// </summary>
    public async Task<CompleteAnswer?> CompleteAsync(ClaimedWork work, WorkOutcome outcome, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Patch, $"/api/queries/{work.Id}/", new
        {
            status = outcome.Success ? "done" : "failed",
            answer_text = outcome.Success ? "completed" : outcome.ErrorLogged ? null : outcome.Error,
            error = outcome.Error,
            result = outcome.Result,
            retryable = outcome.Retryable,
            retry_after_seconds = outcome.RetryAfter?.TotalSeconds,
            query_finished = DateTimeOffset.UtcNow,
        }, ct);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return new CompleteAnswer(
            body.ValueKind == JsonValueKind.Object && body.TryGetProperty("run_after", out var due) && due.ValueKind == JsonValueKind.String
                ? due.GetDateTimeOffset()
                : null);
    }

    /// <summary>Finishes several items in one request; per item the same answer as <see cref="CompleteAsync"/>.</summary>
    public async Task<IReadOnlyList<CompleteAnswer?>> CompleteManyAsync(IReadOnlyList<(ClaimedWork Work, WorkOutcome Outcome)> finished, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/queries/complete/", new
        {
            items = finished.Select(f => new
            {
                id = f.Work.ItemId,
                status = f.Outcome.Success ? "done" : "failed",
                answer_text = f.Outcome.Success ? "completed" : f.Outcome.ErrorLogged ? null : f.Outcome.Error,
                error = f.Outcome.Error,
                result = f.Outcome.Result,
                retryable = f.Outcome.Retryable,
                retry_after_seconds = f.Outcome.RetryAfter?.TotalSeconds,
                query_finished = DateTimeOffset.UtcNow,
            }),
        }, ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(JsonOptions, ct);
        var byId = body.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return [.. finished.Select(f => byId.TryGetValue(f.Work.Id, out var answer) && answer.GetProperty("ok").GetBoolean()
            ? new CompleteAnswer(answer.TryGetProperty("run_after", out var due) && due.ValueKind == JsonValueKind.String ? due.GetDateTimeOffset() : null)
            : null)];
    }

    /// <summary>Renews the leases of several items in one request; returns the ids whose lease is no longer ours.</summary>
    public async Task<IReadOnlyCollection<long>> RenewLeasesAsync(IReadOnlyCollection<long> ids, int leaseSeconds, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/queries/leases/", new { ids, lease_seconds = leaseSeconds }, ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(JsonOptions, ct);
        return [.. body.GetProperty("lost").EnumerateArray().Select(e => e.GetInt64())];
    }

    /// <summary>
    /// Appends log lines and adds counters of one or more items in one request (applied once even when the request is
    /// retried under the same <paramref name="idempotencyKey"/>).
    /// </summary>
    public async Task SendLogBatchAsync(IReadOnlyList<(long Item, string Line)> lines, IReadOnlyList<LogBatchCounters> counters, string idempotencyKey, CancellationToken ct)
    {
        using var request = await CreateRequestAsync(HttpMethod.Post, "/api/logs/batch/", new
        {
            lines = lines.Select(l => new { query = l.Item, log_data = l.Line }),
            counters,
        }, ct);
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Hands an unfinished item back without spending an attempt (graceful shutdown).</summary>
    public async Task ReleaseAsync(string id, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/queries/{id}/release/", new { }, ct);
    }

    public async Task LogAsync(ClaimedWork work, string line, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/logs/", new { project = work.TaskId, query = work.ItemId, log_data = line }, ct, idempotent: true);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Seed 000/001 counters route of the item's kind. A count stands for something already done on Instagram, so it
    /// is sent until the Web takes it — through a database outage or a restarting Web — under one Idempotency-Key, so
    /// a retry of a write that did land adds nothing.
    /// </summary>
    public async Task AddCountersAsync(ClaimedWork work, IReadOnlyDictionary<string, int> counters, CancellationToken ct)
    {
        var path = work.Kind == "bulk_upload" ? $"/api/bulk-accounts/{work.Id}/counters" : $"/api/{work.Kind}/accounts/{work.Id}/counters";
        var key = Guid.NewGuid().ToString("n");
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = await CreateRequestAsync(HttpMethod.Post, path, counters, ct);
                request.Headers.Add("Idempotency-Key", key);
                using var response = await http.SendAsync(request, ct);
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

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    public async Task SaveAccountStateAsync(int accountId, object state, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/accounts/{accountId}/session", state, ct);
        response.EnsureSuccessStatusCode();
    }

    public async Task ReportErrorAsync(string message, string? kind, long? itemId, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/workers/errors", new { worker_id = _options.WorkerId, message, kind, item_id = itemId }, ct);
    }

    /// <summary>Streams a media file of the Web's library to <paramref name="destination"/>; returns its sha256 (hex).</summary>
    public async Task<string> DownloadMediaAsync(int mediaId, string destination, CancellationToken ct)
    {
        using var request = await CreateRequestAsync(HttpMethod.Get, $"/api/media/{mediaId}/download", null, ct);
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

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct, bool idempotent = false)
    {
        using var request = await CreateRequestAsync(method, path, body, ct);
        if (idempotent)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("n"));
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
