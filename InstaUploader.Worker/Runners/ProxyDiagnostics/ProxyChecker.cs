using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace InstaUploader.Worker.Runners.ProxyDiagnostics;

/// <summary>
/// Checks one proxy for real: TCP connect time to it, a plain HTTP request through it to the probe (status and exit
/// IP), then a CONNECT tunnel to the HTTPS probe with the request made inside the tunnel. Every check gets its own
/// handler with the proxy set, outside the resilience pipeline: a retried probe would hide what the proxy did.
/// </summary>
public sealed class ProxyChecker(IOptions<ProxyDiagnosticsOptions> options, TimeProvider time)
{
    private const int MaxProbeBody = 64 * 1024;

    private readonly ProxyDiagnosticsOptions _o = options.Value;

    public async Task<ProxyCheckResult> CheckAsync(ProxyEndpoint proxy, CancellationToken ct)
    {
        if (Invalid(proxy) is { } invalid)
        {
            return new ProxyCheckResult(proxy.Id, false, null, null, null, null, invalid);
        }

        var connect = await MeasureConnectAsync(proxy, ct);
        if (connect.Error is not null)
        {
            return new ProxyCheckResult(proxy.Id, false, null, null, null, null, connect.Error);
        }

        var http = await HttpProbeAsync(proxy, ct);
        var tunnel = _o.ProbeHttpsUrl is null ? null : await TunnelProbeAsync(proxy, _o.ProbeHttpsUrl, ct);
        var error = http.Error ?? tunnel?.Error;
        bool? connectOk = tunnel is null ? null : tunnel.Error is null;
        return new ProxyCheckResult(proxy.Id, error is null, connect.LatencyMs, http.ExitIp ?? tunnel?.ExitIp, http.Status, connectOk, error);
    }

    private static string? Invalid(ProxyEndpoint proxy) =>
        !ProxyEndpoint.Schemes.Contains(proxy.Scheme) ? $"unsupported proxy scheme '{proxy.Scheme}' (use {string.Join(", ", ProxyEndpoint.Schemes)})"
        : string.IsNullOrWhiteSpace(proxy.Host) ? "the proxy has no host"
        : proxy.Port is < 1 or > 65535 ? $"invalid proxy port {proxy.Port}"
        : null;

    private async Task<(int? LatencyMs, string? Error)> MeasureConnectAsync(ProxyEndpoint proxy, CancellationToken ct)
    {
        using var timeout = Timeout(_o.ConnectTimeout, ct);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var started = time.GetTimestamp();
        try
        {
            await socket.ConnectAsync(proxy.Host, proxy.Port, timeout.Token);
            return ((int)Math.Round(time.GetElapsedTime(started).TotalMilliseconds), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, FailureReason.Timeout("connect", _o.ConnectTimeout));
        }
        catch (SocketException ex)
        {
            return (null, FailureReason.ForSocket(ex.SocketErrorCode));
        }
    }

    private async Task<ProbeOutcome> HttpProbeAsync(ProxyEndpoint proxy, CancellationToken ct)
    {
        using var handler = NewHandler();
        handler.UseProxy = true;
        handler.Proxy = new WebProxy(proxy.Address)
        {
            BypassProxyOnLocal = false,
            Credentials = proxy.HasCredentials ? new NetworkCredential(proxy.Username, proxy.Password) : null,
        };
        return await GetAsync(handler, _o.ProbeUrl, "HTTP probe", proxy, ct);
    }

    /// <summary>
    /// CONNECT to the HTTPS probe's host and port, then the probe request inside the tunnel (TLS when the probe is
    /// https). SOCKS proxies tunnel natively, so for them the request simply goes through the proxy.
    /// </summary>
    private async Task<ProbeOutcome> TunnelProbeAsync(ProxyEndpoint proxy, Uri target, CancellationToken ct)
    {
        using var handler = NewHandler();
        if (proxy.Scheme == "socks5")
        {
            handler.UseProxy = true;
            handler.Proxy = new WebProxy(proxy.Address) { Credentials = proxy.HasCredentials ? new NetworkCredential(proxy.Username, proxy.Password) : null };
            return await GetAsync(handler, target, "tunnel probe", proxy, ct);
        }

        Stream tunnel;
        using (var timeout = Timeout(_o.RequestTimeout, ct))
        {
            try
            {
                tunnel = await ConnectTunnel.OpenAsync(proxy, target.IdnHost, target.Port, timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return ProbeOutcome.Failed(null, "CONNECT " + FailureReason.Timeout("tunnel", _o.RequestTimeout));
            }
            catch (Exception ex) when (ex is ProxyTunnelException or IOException or SocketException or InvalidDataException or System.Security.Authentication.AuthenticationException)
            {
                return ProbeOutcome.Failed(ex is ProxyTunnelException t ? t.Status : null, "CONNECT failed: " + FailureReason.Describe(ex, proxy.HasCredentials));
            }
        }

        // The handler asks for its connection once; the tunnel already is that connection.
        var handOut = tunnel;
        handler.UseProxy = false;
        handler.ConnectCallback = (_, _) => Interlocked.Exchange(ref handOut, null) is { } s
            ? ValueTask.FromResult(s)
            : ValueTask.FromException<Stream>(new IOException("The tunnel was already used."));
        try
        {
            return await GetAsync(handler, target, "tunnel probe", proxy, ct);
        }
        finally
        {
            if (Interlocked.Exchange(ref handOut, null) is { } unused)
            {
                await unused.DisposeAsync();
            }
        }
    }

    private async Task<ProbeOutcome> GetAsync(SocketsHttpHandler handler, Uri url, string step, ProxyEndpoint proxy, CancellationToken ct)
    {
        using var client = new HttpClient(handler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var timeout = Timeout(_o.RequestTimeout, ct);
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var body = await ReadCappedAsync(response, timeout.Token);
            if (!FailureReason.IsSuccess(response.StatusCode))
            {
                return ProbeOutcome.Failed(status, $"{step}: " + FailureReason.ForStatus(status, response.ReasonPhrase, proxy.HasCredentials, url.Authority));
            }

            return ExitIp.Parse(body) is { } ip
                ? new ProbeOutcome(status, ip, null)
                : ProbeOutcome.Failed(status, $"{step}: {url.Authority} answered {status} without an IP address");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ProbeOutcome.Failed(null, FailureReason.Timeout(step, _o.RequestTimeout));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return ProbeOutcome.Failed(null, $"{step}: " + FailureReason.Describe(ex, proxy.HasCredentials));
        }
    }

    private SocketsHttpHandler NewHandler() => new()
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = _o.ConnectTimeout,
        PooledConnectionLifetime = TimeSpan.Zero,
    };

    private static async Task<string> ReadCappedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxProbeBody];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    private StepTimeout Timeout(TimeSpan after, CancellationToken ct) => new(after, time, ct);

    /// <summary>The caller's token plus a deadline for one step, on the injected clock.</summary>
    private sealed class StepTimeout : IDisposable
    {
        private readonly CancellationTokenSource _deadline;
        private readonly CancellationTokenSource _linked;

        public StepTimeout(TimeSpan after, TimeProvider time, CancellationToken ct)
        {
            _deadline = new CancellationTokenSource(after, time);
            _linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _deadline.Token);
        }

        public CancellationToken Token => _linked.Token;

        public void Dispose()
        {
            _linked.Dispose();
            _deadline.Dispose();
        }
    }

    private sealed record ProbeOutcome(int? Status, string? ExitIp, string? Error)
    {
        public static ProbeOutcome Failed(int? status, string error) => new(status, null, error);
    }
}
