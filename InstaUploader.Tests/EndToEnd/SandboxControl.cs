using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>Faults the Sandbox plays for one account (its /sandbox/api/accounts shape).</summary>
public sealed record SandboxFaults(
    bool TwoFactor = false,
    bool Challenge = false,
    int RateLimit = 0,
    int RetryAfterSeconds = 1,
    int FeedbackRequired = 0,
    int SlowMs = 0,
    int DropUpload = 0,
    bool Banned = false,
    int DropPublishAnswer = 0,
    bool SentryBlock = false,
    string? ManualChallenge = null,
    bool WebBioLabelRenamed = false);

/// <summary>The Sandbox's control API: register accounts (with faults) and read back what happened on "Instagram".</summary>
public sealed class SandboxControl(TopologyFixture fx)
{
    private HttpClient Http() => fx.CreateClient("sandbox");

    public Uri BaseUrl
    {
        get
        {
            using var http = Http();
            return http.BaseAddress!;
        }
    }

    public async Task RegisterAsync(E2EAccount account, SandboxFaults? faults = null)
    {
        using var http = Http();
        using var response = await http.PostAsJsonAsync("/sandbox/api/accounts", new
        {
            username = account.Username,
            password = account.SandboxPassword ?? account.Password,
            totpSecret = account.TotpSecret,
            email = account.Email,
            emailPassword = account.EmailPassword,
            faults = faults ?? new SandboxFaults(),
        });
        await OperatorApi.EnsureAsync(response);
    }

    /// <summary>A Dolphin Anty profile under this (numeric) id, so the local API will start it.</summary>
    public async Task AddDolphinProfileAsync(string profileId, string name)
    {
        using var http = Http();
        using var response = await http.PutAsJsonAsync($"/sandbox/api/dolphin/profiles/{profileId}", new { name });
        await OperatorApi.EnsureAsync(response);
    }

    /// <summary>Replaces the faults of a registered account (e.g. once it is logged in, so they hit its actions).</summary>
    public async Task SetFaultsAsync(string username, SandboxFaults faults)
    {
        using var http = Http();
        using var response = await http.PutAsJsonAsync($"/sandbox/api/accounts/{username}/faults", faults);
        await OperatorApi.EnsureAsync(response);
    }

    public async Task<IReadOnlyList<JsonElement>> PostsAsync(string username)
    {
        using var http = Http();
        return await http.GetFromJsonAsync<List<JsonElement>>($"/sandbox/api/posts?username={username}") ?? [];
    }

    /// <summary>Recorded actions of a kind, of one account or (username null) of everyone.</summary>
    public async Task<IReadOnlyList<JsonElement>> ActionsAsync(string kind, string? username)
    {
        using var http = Http();
        var query = $"/sandbox/api/actions?kind={kind}" + (username is null ? "" : $"&username={username}");
        return await http.GetFromJsonAsync<List<JsonElement>>(query) ?? [];
    }

    public async Task<JsonElement> AccountAsync(string username)
    {
        using var http = Http();
        return await http.GetFromJsonAsync<JsonElement>($"/sandbox/api/accounts/{username}");
    }

    /// <summary>A public profile with posts, so feeds and follow targets have something in them.</summary>
    public async Task AddProfileAsync(string username, int posts)
    {
        using var http = Http();
        await AddProfileAsync(http, username, posts);
    }

    /// <summary>The same through any client whose base address is the Sandbox.</summary>
    public static async Task AddProfileAsync(HttpClient sandbox, string username, int posts)
    {
        var pk = Random.Shared.NextInt64(5_000_000_000, 6_000_000_000);
        using var response = await sandbox.PostAsJsonAsync("/sandbox/api/profiles", new
        {
            pk,
            username,
            fullName = username,
            posts = Enumerable.Range(1, posts).Select(i => new
            {
                pk = pk * 100 + i, code = $"C{pk}{i}", caption = $"post {i} of {username}", likeCount = 1, commentCount = 0,
                hashtags = Array.Empty<string>(), takenAt = DateTimeOffset.UtcNow.AddHours(-i),
            }),
        });
        await OperatorApi.EnsureAsync(response);
    }
}
