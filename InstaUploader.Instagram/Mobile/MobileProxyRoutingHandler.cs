using System.Collections.Concurrent;
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

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(RoutedOption, true);
        if (!request.Options.TryGetValue(ProxyOption, out var proxy) || proxy is null)
        {
            return _direct.SendAsync(request, cancellationToken);
        }

        // Plain HTTP is forwarded, not tunnelled, and forward proxies such as tinyproxy close the connection after
        // each answer without saying so: a reused one fails mid-request. So forwarded requests get a connection each;
        // HTTPS goes through a CONNECT tunnel, which stays open and is pooled.
        var forwarded = request.RequestUri?.Scheme == Uri.UriSchemeHttp;
        if (forwarded)
        {
            request.Headers.ConnectionClose = true;
        }

        return RouteFor(new RouteKey(proxy, forwarded)).SendAsync(request, cancellationToken);
    }

    private HttpMessageInvoker RouteFor(RouteKey key)
    {
        var now = time.GetTimestamp();
        if (_proxied.TryGetValue(key, out var known))
        {
            known.LastUsed = now;
            return known.Invoker;
        }

        EvictIdle(now);
        var route = _proxied.GetOrAdd(key, k => new Route(new HttpMessageInvoker(NewHandler(k.Proxy, k.Forwarded), disposeHandler: true)));
        route.LastUsed = now;
        return route.Invoker;
    }

    private void EvictIdle(long now)
    {
        foreach (var (key, route) in _proxied)
        {
            if (time.GetElapsedTime(route.LastUsed, now) > IdleEviction && _proxied.TryRemove(new KeyValuePair<RouteKey, Route>(key, route)))
            {
                route.Invoker.Dispose();
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

    private sealed class Route(HttpMessageInvoker invoker)
    {
        public HttpMessageInvoker Invoker { get; } = invoker;
        public long LastUsed { get; set; }
    }
}
