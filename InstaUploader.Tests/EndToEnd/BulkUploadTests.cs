using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using InstaUploader.Tests.Infrastructure;
using Xunit.Abstractions;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>Bulk upload through the whole topology: Web → claim by two workers → Sandbox Instagram, per upload method.</summary>
[Collection(TopologyCollection.Name)]
public sealed partial class BulkUploadTests(TopologyFixture fx, ITestOutputHelper output)
{
    private readonly E2EKit _kit = new(fx);

    /// <summary>Three videos: own location and mentions, defaults for the second, several mentions on the third.</summary>
    public static object[] Videos(IReadOnlyList<int> media) =>
    [
        new { media_id = media[0], title = "Morning run", location = "Paris", mentions = "@coach_e2e" },
        new { media_id = media[1], title = "City lights" },
        new { media_id = media[2], title = "Night swim", location = "Tokyo", mentions = "@a_e2e @b_e2e" },
    ];

    public static readonly (string Caption, string Location)[] Expected =
    [
        ("Morning run @coach_e2e", "Paris"),
        ("City lights @brand_e2e", "Berlin"),
        ("Night swim @a_e2e @b_e2e", "Tokyo"),
    ];

    [Theory]
    [InlineData("playwright")]
    [InlineData("instagrapi")]
    public async Task Three_videos_reach_four_accounts_over_two_workers_with_captions_and_locations(string method)
    {
        E2EAccount[] accounts =
        [
            await _kit.AddAccountAsync(E2EAccount.Unique("e2e_plain") with
            {
                DolphinProfileId = method == "playwright" ? Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture) : null,
            }),
            await _kit.AddAccountAsync(E2EAccount.Unique("e2e_2fa").WithTwoFactor(), new SandboxFaults(TwoFactor: true)),
            await _kit.AddAccountAsync(E2EAccount.Unique("e2e_chal").WithMailbox(), new SandboxFaults(Challenge: true)),
            await _kit.AddAccountAsync(E2EAccount.Unique("e2e_plain")),
        ];
        var media = await _kit.UploadVideosAsync(3);

        var (task, took) = await _kit.RunTaskAsync("bulk_upload", accounts, Options(method), Videos(media));
        output.WriteLine($"{method}: 4 accounts x 3 videos in {took.TotalSeconds:0.0}s\n{E2EKit.Describe(task)}");

        Assert.True(E2EKit.Status(task) == "completed", E2EKit.Describe(task));
        foreach (var account in accounts)
        {
            var item = E2EKit.Item(task, account);
            Assert.True(item.GetProperty("status").GetString() == "done", E2EKit.Describe(task));
            Assert.Equal(3, item.GetProperty("success").GetInt32());
            Assert.Equal(0, item.GetProperty("failed").GetInt32());
            Assert.Contains($"via {method}", item.GetProperty("log").GetString(), StringComparison.Ordinal);

            var posts = await _kit.Sandbox.PostsAsync(account.Username);
            Assert.Equal(Expected, posts.Select(p => (p.GetProperty("caption").GetString()!, p.GetProperty("locationName").GetString()!)));
            Assert.All(posts, p => Assert.Equal(method == "playwright" ? "web" : "mobile", p.GetProperty("via").GetString()));
        }

        var workers = task.GetProperty("items").EnumerateArray()
            .Select(i => WorkerOf().Match(i.GetProperty("log").GetString()!).Groups[1].Value).Distinct().ToList();
        Assert.True(workers.Count == 2, $"Items ran on {string.Join(", ", workers)}; took {took}");
    }

    public static object Options(string method) => new { upload_method = method, default_location = "Berlin", default_mentions = "@brand_e2e" };

    [GeneratedRegex(@"on worker (\S+)")]
    private static partial Regex WorkerOf();

    internal static IEnumerable<string> Captions(IEnumerable<JsonElement> posts) => posts.Select(p => p.GetProperty("caption").GetString()!);
}
