using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Instagram.Dolphin;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace InstaUploader.Tests.Dolphin;

/// <summary>
/// Our two Dolphin clients together, as production uses them: the Web creates a profile on the remote API, a worker
/// starts and stops it through the local app, the Web deletes it; afterwards the local app no longer knows it.
/// </summary>
public sealed class DolphinProfileLifecycleTests(DolphinSandbox sandbox) : IClassFixture<DolphinSandbox>
{
    [Fact]
    public async Task Create_on_the_remote_api_then_start_stop_locally_then_delete()
    {
        await using var services = RemoteClientServices(sandbox.RemoteApiUrl, DolphinSandbox.Token);
        var profiles = services.GetRequiredService<DolphinProfilesClient>();
        using var localHttp = new HttpClient { BaseAddress = sandbox.BaseUrl };
        var local = new DolphinAntyClient(localHttp, Options.Create(new DolphinOptions { ApiHost = sandbox.BaseUrl, ApiToken = DolphinSandbox.Token }),
            NullLogger<DolphinAntyClient>.Instance);

        var id = await profiles.CreateAsync("lifecycle", new Proxy { Scheme = "socks5", Host = "10.9.8.7", Port = 1080, Username = "u", Password = "p" }, default);

        using var remote = sandbox.Remote();
        var data = (await remote.GetFromJsonAsync<JsonElement>($"browser_profiles/{id}")).GetProperty("data");
        Assert.Equal("lifecycle", data.GetProperty("name").GetString());
        Assert.Equal("en-US", data.GetProperty("locale").GetProperty("value").GetString());
        Assert.Equal("socks5", data.GetProperty("proxy").GetProperty("type").GetString());
        Assert.StartsWith("Mozilla/5.0 (Windows NT 10.0", data.GetProperty("useragent").GetProperty("value").GetString(), StringComparison.Ordinal);

        var endpoint = await local.StartProfileAsync(id);
        Assert.True(endpoint.Port > 0);
        await local.StopProfileAsync(id);

        await profiles.DeleteAsync(id, default);

        var e = await Assert.ThrowsAsync<DolphinAntyException>(() => local.StartProfileAsync(id));
        Assert.Contains("404", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_create_surfaces_dolphins_error_text()
    {
        await using var services = RemoteClientServices(sandbox.RemoteApiUrl, "wrong-token");
        var profiles = services.GetRequiredService<DolphinProfilesClient>();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => profiles.CreateAsync("refused", null, default));

        Assert.Contains("401", e.Message, StringComparison.Ordinal);
        Assert.Contains("Bearer", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-token", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The Web's typed client, registered as AccountsApi registers it.</summary>
    private static ServiceProvider RemoteClientServices(Uri remoteApiUrl, string token)
    {
        var services = new ServiceCollection();
        services.AddOptions<DolphinRemoteOptions>().Configure(o =>
        {
            o.RemoteApiUrl = remoteApiUrl;
            o.ApiToken = token;
        });
        services.AddHttpClient<DolphinProfilesClient>(DolphinProfilesClient.Configure);
        return services.BuildServiceProvider();
    }
}
