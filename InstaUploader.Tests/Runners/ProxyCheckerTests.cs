using InstaUploader.Worker.Runners.ProxyDiagnostics;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.Runners;

/// <summary>
/// The proxy checker against a real tinyproxy. The probes are a local IP echo; the "HTTPS" probe here is that same
/// plain-HTTP echo reached inside a CONNECT tunnel (no TLS offline), so these tests prove tunnel establishment and
/// traffic through it, not TLS.
/// </summary>
public sealed class ProxyCheckerTests : IAsyncLifetime
{
    private IpEchoServer _echo = null!;

    public async Task InitializeAsync() => _echo = await IpEchoServer.StartAsync();

    public async Task DisposeAsync() => await _echo.DisposeAsync();

    private ProxyChecker Checker(Uri? probe = null, Uri? tunnelProbe = null, bool noTunnel = false, TimeSpan? timeout = null) => new(
        Options.Create(new ProxyDiagnosticsOptions
        {
            ProbeUrl = probe ?? _echo.Url,
            ProbeHttpsUrl = noTunnel ? null : tunnelProbe ?? _echo.Url,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
        }),
        TimeProvider.System);

    private static ProxyEndpoint Proxy(int port, string? user = null, string? password = null) => new(7, "http", "127.0.0.1", port, user, password);

    [Fact]
    public async Task A_working_proxy_reports_connect_latency_the_exit_ip_and_a_CONNECT_tunnel_with_traffic_through_it()
    {
        await using var proxy = await Tinyproxy.StartAsync(connectPorts: [_echo.Port]);

        var result = await Checker().CheckAsync(Proxy(proxy.Port), CancellationToken.None);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(7, result.ProxyId);
        Assert.InRange(result.LatencyMs!.Value, 0, 3000);
        Assert.Equal("127.0.0.1", result.ExitIp);
        Assert.Equal(200, result.HttpStatus);
        Assert.True(result.ConnectOk);
        Assert.Null(result.Error);
        Assert.Contains("CONNECT 127.0.0.1:" + _echo.Port, proxy.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_tunnel_probe_only_the_plain_HTTP_request_is_checked()
    {
        await using var proxy = await Tinyproxy.StartAsync(connectPorts: [_echo.Port]);

        var result = await Checker(noTunnel: true).CheckAsync(Proxy(proxy.Port), CancellationToken.None);

        Assert.True(result.Ok, result.Error);
        Assert.Null(result.ConnectOk);
        Assert.DoesNotContain("CONNECT 127.0.0.1:", proxy.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dead_port_fails_with_connection_refused()
    {
        var result = await Checker().CheckAsync(Proxy(Tinyproxy.FreePort()), CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal("connection refused", result.Error);
        Assert.Null(result.LatencyMs);
        Assert.Null(result.ExitIp);
    }

    [Fact]
    public async Task A_proxy_with_basic_auth_answers_407_without_credentials_and_with_wrong_ones()
    {
        await using var proxy = await Tinyproxy.StartAsync(connectPorts: [_echo.Port], basicAuth: ("alice", "s3cret-pw"));

        var anonymous = await Checker().CheckAsync(Proxy(proxy.Port), CancellationToken.None);
        var wrong = await Checker().CheckAsync(Proxy(proxy.Port, "alice", "wrong-pw"), CancellationToken.None);

        Assert.False(anonymous.Ok);
        Assert.Equal(407, anonymous.HttpStatus);
        Assert.Contains("proxy authentication required (407)", anonymous.Error, StringComparison.Ordinal);
        Assert.False(anonymous.ConnectOk);
        Assert.False(wrong.Ok);
        Assert.Contains(wrong.HttpStatus, new int?[] { 401, 407 });
        Assert.Contains("the credentials were rejected", wrong.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw", wrong.Error, StringComparison.Ordinal);
        Assert.NotNull(wrong.LatencyMs);
    }

    [Fact]
    public async Task A_proxy_with_basic_auth_passes_with_the_right_credentials_for_HTTP_and_CONNECT()
    {
        await using var proxy = await Tinyproxy.StartAsync(connectPorts: [_echo.Port], basicAuth: ("alice", "s3cret-pw"));

        var result = await Checker().CheckAsync(Proxy(proxy.Port, "alice", "s3cret-pw"), CancellationToken.None);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(200, result.HttpStatus);
        Assert.True(result.ConnectOk);
        Assert.Equal("127.0.0.1", result.ExitIp);
    }

    [Fact]
    public async Task A_CONNECT_to_a_port_the_proxy_does_not_allow_is_reported_as_refused_tunnel()
    {
        await using var proxy = await Tinyproxy.StartAsync(connectPorts: [Tinyproxy.FreePort()]);

        var result = await Checker().CheckAsync(Proxy(proxy.Port), CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal(200, result.HttpStatus);
        Assert.False(result.ConnectOk);
        Assert.Equal("127.0.0.1", result.ExitIp);
        Assert.StartsWith("CONNECT failed: the proxy refused access", result.Error, StringComparison.Ordinal);
        Assert.Contains("403", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proxy_that_cannot_reach_the_probe_reports_the_proxy_error_status()
    {
        await using var proxy = await Tinyproxy.StartAsync(connectPorts: [_echo.Port]);
        var unreachable = new Uri($"http://127.0.0.1:{Tinyproxy.FreePort()}/ip");

        var result = await Checker(probe: unreachable, noTunnel: true).CheckAsync(Proxy(proxy.Port), CancellationToken.None);

        Assert.False(result.Ok);
        Assert.NotNull(result.LatencyMs);
        Assert.Equal(500, result.HttpStatus);
        Assert.StartsWith("HTTP probe: 127.0.0.1:", result.Error, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proxy_that_accepts_but_never_answers_times_out()
    {
        using var silent = new SilentListener();

        var result = await Checker(timeout: TimeSpan.FromSeconds(1)).CheckAsync(Proxy(silent.Port), CancellationToken.None);

        Assert.False(result.Ok);
        Assert.NotNull(result.LatencyMs);
        Assert.Equal("HTTP probe timeout after 1s", result.Error);
        Assert.False(result.ConnectOk);
    }

    [Fact]
    public async Task An_unsupported_scheme_is_refused_before_connecting()
    {
        var result = await Checker().CheckAsync(new ProxyEndpoint(3, "ftp", "127.0.0.1", 21, null, null), CancellationToken.None);

        Assert.False(result.Ok);
        Assert.StartsWith("unsupported proxy scheme 'ftp'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"ip\":\"203.0.113.7\"}", "203.0.113.7")]
    [InlineData("{\"status\":\"success\",\"query\":\"198.51.100.4\",\"country\":\"NL\"}", "198.51.100.4")]
    [InlineData("{\"origin\":\"192.0.2.1, 10.0.0.1\"}", "192.0.2.1")]
    [InlineData("2001:db8::1\n", "2001:db8::1")]
    [InlineData("{\"ip\":\"::ffff:127.0.0.1\"}", "127.0.0.1")]
    [InlineData("<html>captive portal</html>", null)]
    [InlineData("{\"ip\":\"not-an-ip\"}", null)]
    public void The_exit_ip_is_read_from_common_ip_echo_answers(string body, string? expected) =>
        Assert.Equal(expected, ExitIp.Parse(body));

    [Fact]
    public void A_proxy_prints_without_its_password()
    {
        var proxy = new ProxyEndpoint(1, "http", "10.0.0.1", 3128, "bob", "very-secret-pw");

        Assert.Equal("http://10.0.0.1:3128", proxy.ToString());
        Assert.DoesNotContain("very-secret-pw", $"{proxy}", StringComparison.Ordinal);
    }
}
