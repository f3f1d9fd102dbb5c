using System.Text.Json;
using InstaUploader.Worker.Runners;
using InstaUploader.Worker.Runners.Common;
using InstaUploader.Worker.Runners.Warmup;

namespace InstaUploader.Tests.Runners;

/// <summary>A warm-up item draws one plan for all its attempts, and a retry does only what was not counted yet.</summary>
public sealed class WarmupPlanTests
{
    [Fact]
    public void Every_attempt_of_an_item_draws_the_same_plan_and_other_items_differ()
    {
        var plans = Enumerable.Range(0, 5).Select(_ => WarmupPlan.From(Item("41"), Amount.StableFor(Item("41")))).Distinct().ToList();
        var others = Enumerable.Range(100, 20).Select(i => WarmupPlan.From(Item($"{i}"), Amount.StableFor(Item($"{i}")))).Distinct().Count();

        Assert.Single(plans);
        Assert.True(others > 1, "the plan should vary between items");
    }

    [Fact]
    public void What_is_left_takes_off_counted_actions_and_never_goes_below_zero()
    {
        var plan = new WarmupPlan(FeedScrolls: 3, Likes: 5, Stories: 2, Follows: 1);

        var left = plan.Less(new ItemCounters(Success: 0, Failed: 0, Likes: 3, Follows: 4, Viewed: 2));

        Assert.Equal(new WarmupPlan(3, 2, 0, 0), left);
        Assert.False(left.IsNothing);
        Assert.True(left.Less(new ItemCounters(0, 0, 2, 0, 0)).IsNothing);
    }

    private static ClaimedWork Item(string id)
    {
        var payload = JsonSerializer.SerializeToElement(new { options = new { likes_min = 1, likes_max = 30, stories_min = 0, stories_max = 10, follows_min = 0, follows_max = 5 } });
        return new ClaimedWork(id, "warmup", 7, 1, null, default, payload);
    }
}
