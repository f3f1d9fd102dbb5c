using InstaUploader.Instagram.Mobile;
using InstaUploader.Instagram.Web;

namespace InstaUploader.Tests.Instagram.Mobile;

/// <summary>
/// The routing handler's proxy pools under concurrency: requests racing to build pools for many proxies while the
/// clock says everything is idle must each get the proxy's own error, never a pool another request's eviction disposed.
/// </summary>
public sealed class MobileProxyRoutingHandlerTests
{
    [Fact]
    public async Task Requests_racing_through_many_dead_proxies_all_fail_with_a_connection_error_never_a_disposed_pool()
    {
        var time = new ManualTime();
        time.Advance(TimeSpan.FromHours(2));
        using var handler = new MobileProxyRoutingHandler(time);
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        var port = Runners.Tinyproxy.FreePort();

        var errors = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            try
            {
                using var response = await invoker.SendAsync(Through($"http://user{i % 50}:pass@127.0.0.1:{port}"), CancellationToken.None);
                return (Exception?)null;
            }
            catch (Exception e)
            {
                return e;
            }
        })));

        Assert.All(errors, e => Assert.Equal(HttpRequestError.ConnectionError, Assert.IsType<HttpRequestException>(e).HttpRequestError));
    }

    private static HttpRequestMessage Through(string proxy)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "http://instagram.invalid/api/v1/test/");
        request.Options.Set(MobileProxyRoutingHandler.ProxyOption, BrowserProxy.Parse(proxy));
        return request;
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = TimeSpan.TicksPerDay;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
