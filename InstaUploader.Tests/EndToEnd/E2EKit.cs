using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>Scenario steps shared by the end-to-end tests: accounts on both sides, media, tasks run to the end.</summary>
public sealed class E2EKit(TopologyFixture fx)
{
    public static readonly TimeSpan TaskTimeout = TimeSpan.FromSeconds(120);

    public SandboxControl Sandbox { get; } = new(fx);

    public HttpClient Operator { get; } = fx.OperatorClient();

    /// <summary>
    /// Registers the account on the Sandbox (with its faults and its Dolphin profile, if any) and in the Web; sets
    /// <see cref="E2EAccount.Id"/>.
    /// </summary>
    /// <param name="onInstagram">How the Sandbox knows the account, when that differs from what the Web stores.</param>
    public async Task<E2EAccount> AddAccountAsync(E2EAccount account, SandboxFaults? faults = null, E2EAccount? onInstagram = null)
    {
        await Sandbox.RegisterAsync(onInstagram ?? account, faults);
        if (account.DolphinProfileId is { } profileId)
        {
            await Sandbox.AddDolphinProfileAsync(profileId, account.Username);
        }

        account.Id = await Operator.CreateAccountAsync(
            account.Username, account.Password, account.TotpSecret, account.Email, account.EmailPassword, account.DolphinProfileId);
        return account;
    }

    public async Task<List<int>> UploadVideosAsync(int count)
    {
        var dir = Path.Combine(Path.GetTempPath(), "e2e-media");
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var path = OperatorApi.MakeVideo(dir);
            try
            {
                ids.Add((await Operator.UploadMediaAsync(path, "video/mp4")).GetProperty("id").GetInt32());
            }
            finally
            {
                File.Delete(path);
            }
        }

        return ids;
    }

    public async Task<int> UploadImageAsync()
    {
        var path = OperatorApi.MakeImage(Path.Combine(Path.GetTempPath(), "e2e-media"));
        try
        {
            return (await Operator.UploadMediaAsync(path, "image/jpeg")).GetProperty("id").GetInt32();
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A follow category holding <paramref name="targets"/>; returns its id.</summary>
    public async Task<int> AddFollowCategoryAsync(IEnumerable<string> targets)
    {
        using var category = await Operator.PostAsJsonAsync("/api/v1/follow-categories", new { name = OperatorApi.Unique("e2e_cat") });
        await OperatorApi.EnsureAsync(category);
        var id = (await category.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var added = await Operator.PostAsJsonAsync($"/api/v1/follow-categories/{id}/targets", new { usernames = targets });
        await OperatorApi.EnsureAsync(added);
        return id;
    }

    /// <summary>Creates and starts a task; returns its id.</summary>
    public async Task<int> StartTaskAsync(string kind, IEnumerable<E2EAccount> accounts, object? options = null, object[]? videos = null, int? maxAttempts = null)
    {
        var created = await Operator.CreateTaskAsync(new
        {
            kind,
            name = $"e2e {kind}",
            account_ids = accounts.Select(a => a.Id).ToArray(),
            videos,
            options,
            max_attempts = maxAttempts,
            start = true,
        });
        return created.GetProperty("id").GetInt32();
    }

    /// <summary>Runs a task to its end and returns it with how long it took.</summary>
    public async Task<(JsonElement Task, TimeSpan Took)> RunTaskAsync(
        string kind, IEnumerable<E2EAccount> accounts, object? options = null, object[]? videos = null, int? maxAttempts = null, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var id = await StartTaskAsync(kind, accounts, options, videos, maxAttempts);
        var task = await Operator.WaitForTaskAsync(id, timeout ?? TaskTimeout);
        return (task, clock.Elapsed);
    }

    public static JsonElement Item(JsonElement task, E2EAccount account) =>
        task.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("account").GetString() == account.Username);

    public static string Status(JsonElement task) => task.GetProperty("status").GetString()!;

    public static string Describe(JsonElement task) => string.Join("\n", task.GetProperty("items").EnumerateArray().Select(i =>
        $"{i.GetProperty("account").GetString()}: {i.GetProperty("status").GetString()} attempts={i.GetProperty("attempts").GetInt32()} " +
        $"error={i.GetProperty("last_error")}\n{i.GetProperty("log")}"));
}
