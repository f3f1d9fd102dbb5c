using InstaUploader.Tests.Infrastructure;
using Xunit.Abstractions;

namespace InstaUploader.Tests.EndToEnd;

/// <summary>Wall time of a 20-account × 2-video bulk upload over the two workers, per upload method.</summary>
[Collection(TopologyCollection.Name)]
public sealed class BulkUploadScaleTests(TopologyFixture fx, ITestOutputHelper output)
{
    private readonly E2EKit _kit = new(fx);

    [ScaleTheory]
    [InlineData("instagrapi")]
    [InlineData("playwright")]
    public async Task Twenty_accounts_times_two_videos(string method)
    {
        var accounts = new List<E2EAccount>();
        for (var i = 0; i < 20; i++)
        {
            accounts.Add(await _kit.AddAccountAsync(E2EAccount.Unique("e2e_scale")));
        }

        var media = await _kit.UploadVideosAsync(2);
        var (task, took) = await _kit.RunTaskAsync("bulk_upload", accounts, new { upload_method = method },
            [new { media_id = media[0], title = "Scale one" }, new { media_id = media[1], title = "Scale two" }],
            timeout: TimeSpan.FromMinutes(10));

        output.WriteLine($"{method}: 20 accounts x 2 videos over {TopologyFixture.WorkerReplicas} workers in {took.TotalSeconds:0.0}s");
        Assert.True(E2EKit.Status(task) == "completed", E2EKit.Describe(task));
        foreach (var account in accounts)
        {
            Assert.Equal(2, (await _kit.Sandbox.PostsAsync(account.Username)).Count);
        }
    }
}
