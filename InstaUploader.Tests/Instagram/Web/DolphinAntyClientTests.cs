using System.Net.Http.Json;
using InstaUploader.Instagram.Dolphin;
using InstaUploader.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>The local API's token check: a Sandbox configured with a token refuses clients that have none.</summary>
public sealed class DolphinAntyClientTests : IAsyncLifetime
{
    private WebApplication _sandbox = null!;
    private Uri _baseUrl = null!;

    public async Task InitializeAsync()
    {
        _sandbox = SandboxApp.Create(["--urls", "http://127.0.0.1:0", "--Sandbox:DolphinApiToken=panel-jwt"]);
        await _sandbox.StartAsync();
        _baseUrl = new Uri(_sandbox.Urls.First().TrimEnd('/') + "/");
        using var control = new HttpClient { BaseAddress = _baseUrl };
        using var seeded = await control.PutAsJsonAsync("sandbox/api/dolphin/profiles/1", new { name = "one" });
        seeded.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _sandbox.StopAsync();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task Without_the_token_start_is_refused()
    {
        using var http = new HttpClient { BaseAddress = _baseUrl };
        var client = new DolphinAntyClient(http, Options.Create(new DolphinOptions { ApiHost = _baseUrl }), NullLogger<DolphinAntyClient>.Instance);

        var e = await Assert.ThrowsAsync<DolphinAntyException>(() => client.StartProfileAsync("1"));
        Assert.Contains("401", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_token_the_client_signs_in_and_starts_the_profile()
    {
        using var http = new HttpClient { BaseAddress = _baseUrl };
        var options = Options.Create(new DolphinOptions { ApiHost = _baseUrl, ApiToken = "panel-jwt" });
        var client = new DolphinAntyClient(http, options, NullLogger<DolphinAntyClient>.Instance);

        var endpoint = await client.StartProfileAsync("1");
        Assert.Equal("ws", endpoint.WebSocketUrl.Scheme);
        Assert.Equal(_baseUrl.Host, endpoint.WebSocketUrl.Host);
        await client.StopProfileAsync("1");
    }
}
