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
