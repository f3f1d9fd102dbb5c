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

    /// <summary>
    /// What is left once an earlier attempt's counted likes, stories and follows are taken off (the feed is scrolled
    /// again: it is reading, not an action). The plan is drawn from the item's stable seed, so it is the same plan.
    /// </summary>
    public WarmupPlan Less(ItemCounters done) => this with
    {
        Likes = Math.Max(0, Likes - done.Likes),
        Stories = Math.Max(0, Stories - done.Viewed),
        Follows = Math.Max(0, Follows - done.Follows),
    };

    public bool IsNothing => Likes == 0 && Stories == 0 && Follows == 0;

    public override string ToString() => $"{Likes} like(s), {Stories} story(ies), {Follows} follow(s)";

    /// <summary>Follows up to <see cref="Follows"/> of the feed's authors in random order, counting each; logs the total.</summary>
    public async Task<int> FollowSomeAsync(IEnumerable<string> authors, Func<string, Task<bool>> follow, IWorkContext context, CancellationToken ct)
    {
        var followed = 0;
        foreach (var author in authors.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(_ => Random.Shared.Next()).Take(Follows))
        {
            if (await follow(author))
            {
                await context.CountAsync("follows", 1, ct);
                followed++;
            }
        }

        if (Follows > 0)
        {
            await context.LogAsync($"Followed {followed} account(s) from the feed (wanted {Follows})", ct);
        }

        return followed;
    }
}
