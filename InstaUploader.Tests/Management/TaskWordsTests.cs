using InstaUploader.Web.Features.Tasks;

namespace InstaUploader.Tests.Management;

/// <summary>What the operator's screens say about a task and its items, without a database (issue 23).</summary>
public sealed class TaskWordsTests
{
    [Fact]
    public void Finished_counts_done_failed_and_cancelled_and_the_percent_is_finished_of_total()
    {
        var progress = TaskProgress.From([
            new ItemGroup(1, "done", false, 35, 35, 0, 0, 0, 0),
            new ItemGroup(1, "failed", true, 2, 0, 2, 0, 0, 0),
            new ItemGroup(1, "cancelled", false, 63, 0, 0, 0, 0, 0),
        ]);
        Assert.Equal((100, 100, "100 of 100 finished"), (progress.Finished, progress.Percent, progress.Summary));
        Assert.Equal((2, 0), (progress.FailedCannotSucceed, progress.FailedRetryable));

        var half = TaskProgress.From([new ItemGroup(1, "done", false, 1, 1, 0, 0, 0, 0), new ItemGroup(1, "queued", false, 2, 0, 0, 0, 0, 0)]);
        Assert.Equal((1, 33, 2), (half.Finished, half.Percent, half.Waiting));
    }

    [Fact]
    public void A_done_item_that_counted_nothing_is_one_success_and_a_failed_one_one_failure()
    {
        Assert.Equal((1, 0), Outcome(new() { Kind = "warmup", Status = "done" }));
        Assert.Equal((0, 1), Outcome(new() { Kind = "warmup", Status = "failed" }));
        Assert.Equal((2, 1), Outcome(new() { Kind = "bulk_upload", Status = "failed", Success = 2, Failed = 1 }));
        Assert.Equal((0, 0), Outcome(new() { Kind = "warmup", Status = "cancelled" }));
    }

    [Fact]
    public void Results_read_as_words_with_links_to_posted_reels()
    {
        var reels = ItemResultText.Describe("""{"posted":2,"method":"instagrapi","codes":["DAbc1","DAbc2"]}""");
        Assert.Equal("posted 2 Reels via instagrapi", reels.Text);
        Assert.Equal(["https://www.instagram.com/reel/DAbc1/", "https://www.instagram.com/reel/DAbc2/"], reels.Links.Select(l => l.Url));
        Assert.Equal("scrolled the feed 10 times, liked 4 posts, watched 1 story, followed 0 accounts",
            ItemResultText.Describe("""{"scrolls":10,"likes":4,"viewed":1,"follows":0}""").Text);
        Assert.Equal("signed in via instagrapi", ItemResultText.Describe("""{"method":"instagrapi"}""").Text);
        Assert.DoesNotContain("{", ItemResultText.Describe("""{"something":{"new":1}}""").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_one_click_warm_up_is_the_forms_plan_and_reads_as_words()
    {
        var plan = TaskPresets.For("warmup")!;
        Assert.Equal((10, 2, 8, 1, 5), (plan.Option("feed_scrolls"), plan.Option("likes_min"), plan.Option("likes_max"), plan.Option("stories_min"), plan.Option("stories_max")));
        Assert.Equal("scroll the feed 10 times, like 2–8 posts, watch 1–5 stories", plan.PerAccount);
        Assert.Equal("default settings", TaskOptionsText.Describe("bio", "{}"));
        Assert.Equal("upload method: instagrapi, image ids: 3, 4", TaskOptionsText.Describe("avatar", """{"upload_method":"instagrapi","image_ids":[3,4]}"""));
    }

    private static (int, int) Outcome(InstaUploader.Web.Data.TaskItem item)
    {
        var o = ItemOutcome.For(item);
        return (o.Successes, o.Failures);
    }
}
