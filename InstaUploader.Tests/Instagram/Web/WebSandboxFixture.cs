using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using InstaUploader.Instagram.Dolphin;
using InstaUploader.Instagram.Mail;
using InstaUploader.Instagram.Web;
using InstaUploader.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace InstaUploader.Tests.Instagram.Web;

/// <summary>
/// The Sandbox in-process on an ephemeral port plus the web-automation services wired the way a worker wires
/// them (<see cref="WebAutomationServiceCollectionExtensions.AddInstagramWebAutomation"/>), pointed at it.
/// One per test class: one Sandbox, one shared headless Chromium.
/// </summary>
public sealed class WebSandboxFixture : IAsyncLifetime
{
    private WebApplication? _sandbox;
    private ServiceProvider? _services;
    private string? _videoDir;

    public Uri BaseUrl { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public BrowserSessionFactory Browsers => _services!.GetRequiredService<BrowserSessionFactory>();
    public InstagramWebAutomation Web => _services!.GetRequiredService<InstagramWebAutomation>();
    public CookieRobot CookieRobot => _services!.GetRequiredService<CookieRobot>();
    public DolphinAntyClient Dolphin => _services!.GetRequiredService<DolphinAntyClient>();
    public IServiceProvider Services => _services!;

    /// <summary>A small file with an MP4 header; the Sandbox only hashes what it receives.</summary>
    public string VideoPath { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _sandbox = SandboxApp.Create(["--urls", "http://127.0.0.1:0", "--Sandbox:Headless=true"]);
        await _sandbox.StartAsync();
        BaseUrl = new Uri(_sandbox.Urls.First().TrimEnd('/') + "/");
        Http = new HttpClient { BaseAddress = BaseUrl };

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Instagram:WebBaseUrl"] = BaseUrl.ToString(),
            ["Instagram:MinActionDelayMs"] = "0",
            ["Instagram:MaxActionDelayMs"] = "0",
            ["Dolphin:ApiHost"] = BaseUrl.ToString(),
            ["Browser:ExecutablePath"] = "/usr/bin/chromium",
            ["Browser:Headless"] = "true",
            ["Browser:TimeoutMs"] = "15000",
            ["Browser:UploadTimeoutMs"] = "15000",
        }).Build();
        _services = new ServiceCollection()
            .AddLogging(logging => logging.AddConsole().SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(config)
            .AddSingleton<IEmailCodeReader>(new SandboxMailCodeReader(Http))
            .AddInstagramWebAutomation()
            .BuildServiceProvider();

        await Browsers.WarmUpAsync();

        _videoDir = Directory.CreateTempSubdirectory("web-tests-").FullName;
        VideoPath = Path.Combine(_videoDir, "reel.mp4");
        var bytes = new byte[256 * 1024];
        RandomNumberGenerator.Fill(bytes);
        byte[] header = [0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m'];
        header.CopyTo(bytes, 0);
        await File.WriteAllBytesAsync(VideoPath, bytes);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        if (_sandbox is not null)
        {
            await _sandbox.StopAsync();
            await _sandbox.DisposeAsync();
        }

        Http?.Dispose();
        if (_videoDir is not null)
        {
            Directory.Delete(_videoDir, recursive: true);
        }
    }

    public static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    public async Task RegisterAccountAsync(
        string username, string password, string? totpSecret = null, string? email = null, object? faults = null)
    {
        using var response = await Http.PostAsJsonAsync("sandbox/api/accounts",
            new { username, password, totpSecret, email, emailPassword = email is null ? null : "mailpass", faults });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A Dolphin Anty profile under this (numeric) id, as if made on the remote API, so the local API starts it.</summary>
    public async Task AddDolphinProfileAsync(string profileId)
    {
        using var response = await Http.PutAsJsonAsync($"sandbox/api/dolphin/profiles/{profileId}", new { name = $"profile {profileId}" });
        response.EnsureSuccessStatusCode();
    }

    public async Task SetFaultsAsync(string username, object faults)
    {
        using var response = await Http.PutAsJsonAsync($"sandbox/api/accounts/{username}/faults", faults);
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyList<JsonElement>> PostsAsync(string username) =>
        await Http.GetFromJsonAsync<List<JsonElement>>($"sandbox/api/posts?username={username}") ?? [];

    public async Task<IReadOnlyList<JsonElement>> ActionsAsync(string kind) =>
        await Http.GetFromJsonAsync<List<JsonElement>>($"sandbox/api/actions?kind={kind}") ?? [];

    public async Task<string> VideoSha256Async() =>
        Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(VideoPath)));

    /// <summary>A new Sandbox account signed in through the web login in a fresh browser session.</summary>
    public async Task<(string Username, BrowserSession Session)> LoggedInAsync(string prefix)
    {
        var username = Unique(prefix);
        await RegisterAccountAsync(username, "hunter22");
        var session = await Browsers.OpenAsync(new BrowserIdentity(username));
        await Web.LoginAsync(session.Page, new WebCredentials(username, "hunter22"));
        return (username, session);
    }
}
