using System.Net.Http.Headers;
using InstaUploader.Sandbox;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace InstaUploader.Tests.Dolphin;

/// <summary>An in-process Sandbox whose Dolphin stand-in wants the panel token <see cref="Token"/>.</summary>
public sealed class DolphinSandbox : IAsyncLifetime
{
    public const string Token = "panel-jwt";

    private WebApplication _app = null!;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Where the remote API's stand-in answers (https://dolphin-anty-api.com/ in production).</summary>
    public Uri RemoteApiUrl => new(BaseUrl, "dolphin-anty-api/");

    public async Task InitializeAsync()
    {
        _app = SandboxApp.Create(["--urls", "http://127.0.0.1:0", $"--Sandbox:DolphinApiToken={Token}", "--Sandbox:Headless=true"]);
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.First().TrimEnd('/') + "/");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A client of the remote API, with <paramref name="bearer"/> when given.</summary>
    public HttpClient Remote(string? bearer = Token)
    {
        var http = new HttpClient { BaseAddress = RemoteApiUrl };
        if (bearer is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return http;
    }
}
