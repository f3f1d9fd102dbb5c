using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using InstaUploader.Sandbox;
using InstaUploader.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace InstaUploader.Tests.Instagram;

/// <summary>
/// The real Sandbox in-process on an ephemeral port, with its control API (/sandbox/api) at hand and its IMAP
/// inbox on a free port. Share it through <see cref="SandboxCollection"/>; give each test its own usernames
/// (<see cref="UniqueName"/>) so tests do not need to reset each other's state.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>More command-line settings for a private instance (say "--Sandbox:Limits:FollowsPerWindow=5").</summary>
    public string[] ExtraArgs { get; init; } = [];

    /// <summary>A plain client with <see cref="HttpClient.BaseAddress"/> = <see cref="BaseUrl"/>.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Port of the Sandbox IMAP server (accounts log in with their e-mail and EmailPassword).</summary>
    public int ImapPort { get; private set; }

    /// <summary>The running Sandbox's services (its limits, its clock).</summary>
    public IServiceProvider Services => _app!.Services;

    /// <summary>The live store, for assertions the control API does not expose.</summary>
    public SandboxStore Store => _app!.Services.GetRequiredService<SandboxStore>();

    public async Task InitializeAsync()
    {
        ImapPort = FreeTcpPort();
        _app = SandboxApp.Create(["--urls", "http://127.0.0.1:0", $"--Sandbox:ImapPort={ImapPort}", "--Sandbox:Headless=true", .. ExtraArgs]);
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Urls.First().TrimEnd('/') + "/");
        Http = new HttpClient { BaseAddress = BaseUrl };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A username no other test uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 30)];

    /// <summary>POST /sandbox/api/accounts; returns the account's pk.</summary>
    public async Task<long> RegisterAccountAsync(
        string username, string password, string? totpSecret = null, string? email = null, string? emailPassword = null,
        SandboxFaults? faults = null)
    {
        var response = await Http.PostAsJsonAsync("sandbox/api/accounts",
            new { username, password, totpSecret, email, emailPassword, faults }, Json);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        return body.GetProperty("pk").GetInt64();
    }

    public async Task SetFaultsAsync(string username, SandboxFaults faults) =>
        (await Http.PutAsJsonAsync($"sandbox/api/accounts/{username}/faults", faults, Json)).EnsureSuccessStatusCode();

    /// <summary>POST /sandbox/api/profiles: a public profile the scrapers can read.</summary>
    public async Task SeedProfileAsync(SandboxProfile profile) =>
        (await Http.PostAsJsonAsync("sandbox/api/profiles", profile, Json)).EnsureSuccessStatusCode();

    public async Task<IReadOnlyList<SandboxPost>> PostsAsync(string username) =>
        await Http.GetFromJsonAsync<List<SandboxPost>>($"sandbox/api/posts?username={username}", Json) ?? [];

    public async Task<IReadOnlyList<SandboxAction>> ActionsAsync(string username, string? kind = null) =>
        await Http.GetFromJsonAsync<List<SandboxAction>>(
            $"sandbox/api/actions?username={username}" + (kind is null ? "" : $"&kind={kind}"), Json) ?? [];

    public async Task<JsonElement> AccountAsync(string username) =>
        await Http.GetFromJsonAsync<JsonElement>($"sandbox/api/accounts/{username}", Json);

    public async Task<IReadOnlyList<SandboxMail>> MailAsync(string address) =>
        await Http.GetFromJsonAsync<List<SandboxMail>>($"sandbox/api/mail/{address}", Json) ?? [];

    /// <summary>POST /sandbox/api/reset: forget every account, post, action, mail and session.</summary>
    public async Task ResetAsync()
    {
        var response = await Http.PostAsync("sandbox/api/reset", content: null);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "Sandbox";
}
