using InstaUploader.Worker.Runners.Common;

namespace InstaUploader.Worker.Runners.Warmup;

/// <summary>How much a warm-up does, drawn from the task's options (feed_scrolls, likes/stories/follows min–max).</summary>
public sealed record WarmupPlan(int FeedScrolls, int Likes, int Stories, int Follows)
{
    public const int DefaultFeedScrolls = 3;

    public static WarmupPlan From(ClaimedWork work, Random random)
    {
        var o = PayloadJson.Object(work.Payload, "options");
        return new WarmupPlan(
            Math.Clamp(PayloadJson.Int(o, "feed_scrolls") ?? DefaultFeedScrolls, 0, 100),
            Amount.Between(PayloadJson.Int(o, "likes_min"), PayloadJson.Int(o, "likes_max"), random),
            Amount.Between(PayloadJson.Int(o, "stories_min"), PayloadJson.Int(o, "stories_max"), random),
            Amount.Between(PayloadJson.Int(o, "follows_min"), PayloadJson.Int(o, "follows_max"), random));
    }
}
