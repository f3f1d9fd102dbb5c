using InstaUploader.Instagram.Web;
using InstaUploader.Worker.Runners.BulkUpload;

namespace InstaUploader.Tests.Runners;

/// <summary>Which of the account's recent posts, if any, is a bulk upload video posted by a try whose answer was lost.</summary>
public sealed class PublishedReelTests
{
    private static readonly DateTimeOffset Since = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_post_with_the_caption_since_the_item_started_is_the_reel()
    {
        WebPost[] posts = [Post("old", "Two", -60), Post("other", "Something else", 5), Post("mine", "Two", 3)];

        Assert.Equal("mine", PublishedReel.Find(Reel(2, "Two"), posts, Since)?.Code);
    }

    [Fact]
    public void Captions_match_whitespace_aside_but_otherwise_exactly()
    {
        Assert.NotNull(PublishedReel.Find(Reel(1, "Sunset @friend"), [Post("a", " Sunset\n@friend ", 1)], Since));
        Assert.Null(PublishedReel.Find(Reel(1, "Sunset @friend"), [Post("a", "sunset @friend", 1)], Since));
        Assert.Null(PublishedReel.Find(Reel(1, "Sunset"), [Post("a", null, 1)], Since));
    }

    [Fact]
    public void Posts_from_before_the_item_started_do_not_count_beyond_the_clock_skew()
    {
        Assert.NotNull(PublishedReel.Find(Reel(1, "x"), [Post("skewed", "x", -1)], Since));
        Assert.Null(PublishedReel.Find(Reel(1, "x"), [Post("yesterday", "x", -24 * 60)], Since));
    }

    [Fact]
    public void With_the_same_caption_as_earlier_videos_only_one_post_more_than_theirs_is_the_reel()
    {
        // Untitled videos all have the caption "": video 3 is posted only if a third such post exists.
        WebPost[] two = [Post("v1", "", 1), Post("v2", "", 2)];
        Assert.Null(PublishedReel.Find(Reel(3, "", earlierWithSameCaption: 2), two, Since));

        WebPost[] three = [.. two, Post("v3", "", 3)];
        Assert.Equal("v3", PublishedReel.Find(Reel(3, "", earlierWithSameCaption: 2), three, Since)?.Code);
    }

    private static PlannedReel Reel(int number, string caption, int earlierWithSameCaption = 0) =>
        new(number, 100 + number, caption, null, $"17000000000{number:00}") { EarlierWithSameCaption = earlierWithSameCaption };

    private static WebPost Post(string code, string? caption, int minutesAfterStart) =>
        new(code, code, Since.AddMinutes(minutesAfterStart), caption, "clips");
}
