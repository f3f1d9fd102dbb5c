using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using InstaUploader.Instagram.Web;

namespace InstaUploader.Instagram.Mobile;

/// <summary>
/// The mobile client's primary handler: each request goes direct or through the proxy its session names
/// (<see cref="MobileSession.Proxy"/>), over one pooled <see cref="SocketsHttpHandler"/> per proxy, so accounts never
/// share an exit and whatever the HttpClient factory puts above (logging, resilience) still applies. Proxies
/// unused for <see cref="IdleEviction"/> are dropped when a new one is added.
/// </summary>
public sealed class MobileProxyRoutingHandler(TimeProvider time) : HttpMessageHandler
{
    /// <summary>Connecting (to Instagram or to the proxy) gives up after this; a dead proxy fails fast.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    public static readonly TimeSpan IdleEviction = TimeSpan.FromMinutes(30);

    internal static readonly HttpRequestOptionsKey<BrowserProxy?> ProxyOption = new("InstaUploader.Mobile.Proxy");
    internal static readonly HttpRequestOptionsKey<bool> RoutedOption = new("InstaUploader.Mobile.Routed");

    private readonly HttpMessageInvoker _direct = new(NewHandler(null, forwarded: false), disposeHandler: true);
    private readonly ConcurrentDictionary<RouteKey, Route> _proxied = new();

    public MobileProxyRoutingHandler() : this(TimeProvider.System) { }

    /// <summary>How many (proxy, forwarded or tunnelled) routes currently have a connection pool.</summary>
    public int ProxyCount => _proxied.Count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(RoutedOption, true);
        if (!request.Options.TryGetValue(ProxyOption, out var proxy) || proxy is null)
        {
            return await _direct.SendAsync(request, cancellationToken);
        }

        // Plain HTTP is forwarded, not tunnelled, and forward proxies such as tinyproxy close the connection after
        // each answer without saying so: a reused one fails mid-request. So forwarded requests get a connection each;
        // HTTPS goes through a CONNECT tunnel, which stays open and is pooled.
        var forwarded = request.RequestUri?.Scheme == Uri.UriSchemeHttp;
        if (forwarded)
        {
            request.Headers.ConnectionClose = true;
        }

        var route = Enter(new RouteKey(proxy, forwarded));
        try
        {
            return await route.Invoker.SendAsync(request, cancellationToken);
        }
        finally
        {
            route.Exit(time.GetTimestamp());
        }
    }

    /// <summary>
    /// The route of <paramref name="key"/>, entered so that no eviction disposes it while this request uses it. A
    /// route retired between the lookup and the entry is (or is about to be) out of the map: a later lookup builds a new one.
    /// </summary>
    private Route Enter(RouteKey key)
    {
        while (true)
        {
            var now = time.GetTimestamp();
            if (!_proxied.TryGetValue(key, out var route))
            {
                EvictIdle(now);
                var fresh = new Route(NewHandler(key.Proxy, key.Forwarded), now);
                route = _proxied.GetOrAdd(key, fresh);
                if (!ReferenceEquals(route, fresh))
                {
                    fresh.Invoker.Dispose();
                }
            }

            if (route.TryEnter(now))
            {
                return route;
            }
        }
    }

    private void EvictIdle(long now)
    {
        foreach (var (key, route) in _proxied)
        {
            if (route.TryRetire(now, IdleEviction, time))
            {
                _proxied.TryRemove(new KeyValuePair<RouteKey, Route>(key, route));
            }
        }
    }

    /// <summary>Cookies stay off: each account's cookies live in its session, never in a shared pool.</summary>
    private static SocketsHttpHandler NewHandler(BrowserProxy? proxy, bool forwarded)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = forwarded ? TimeSpan.Zero : TimeSpan.FromMinutes(5),
            ConnectTimeout = ConnectTimeout,
            // The app sends no W3C trace context; a traceparent header would mark every request as ours.
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        };
        if (proxy is not null)
        {
            handler.UseProxy = true;
            handler.Proxy = new WebProxy(new Uri(proxy.Server))
            {
                Credentials = proxy.Username is null ? null : new NetworkCredential(proxy.Username, proxy.Password ?? ""),
            };
        }

        return handler;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _direct.Dispose();
            foreach (var route in _proxied.Values)
            {
                route.Invoker.Dispose();
            }

            _proxied.Clear();
        }

        base.Dispose(disposing);
    }

    private readonly record struct RouteKey(BrowserProxy Proxy, bool Forwarded);

    /// <summary>
    /// One proxy's connection pool. Retiring and entering exclude each other, so a route is disposed only when no
    /// request is inside it and it has been idle for the eviction period (a concurrent request once got it disposed
    /// under its feet: "Cannot access a disposed object: HttpMessageInvoker").
    /// </summary>
    private sealed class Route(HttpMessageHandler handler, long now)
    {
        private readonly Lock _gate = new();
        private int _inFlight;
        private bool _retired;
        private long _lastUsed = now;

        public HttpMessageInvoker Invoker { get; } = new(handler, disposeHandler: true);

        public bool TryEnter(long now)
        {
            lock (_gate)
            {
                if (_retired)
                {
                    return false;
                }

                _inFlight++;
                _lastUsed = now;
                return true;
            }
        }

        public void Exit(long now)
        {
            lock (_gate)
            {
                _inFlight--;
                _lastUsed = now;
            }
        }

        public bool TryRetire(long now, TimeSpan idle, TimeProvider time)
        {
            lock (_gate)
            {
                if (_retired || _inFlight > 0 || time.GetElapsedTime(_lastUsed, now) <= idle)
                {
                    return false;
                }

                _retired = true;
            }

            Invoker.Dispose();
            return true;
        }
    }
}
