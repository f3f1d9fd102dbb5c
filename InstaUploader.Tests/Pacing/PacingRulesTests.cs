using InstaUploader.Contracts;
using InstaUploader.Web.Data;
using InstaUploader.Web.Features.Pacing;
using Microsoft.Extensions.Time.Testing;

namespace InstaUploader.Tests.Pacing;

/// <summary>AIMD, caps, the warm-up ramp and health as pure rules, on a fake clock.</summary>
public sealed class PacingRulesTests
{
    private static readonly PacingOptions Options = new()
    {
        CoolDownSeconds = 60, CoolDownGrowth = 2, MaxCoolDownSeconds = 600, PaceCut = 0.5, PaceStep = 0.25, MinPace = 0.1, RampDays = 10, RampStartShare = 0.2,
    };

    [Fact]
    public void A_push_back_halves_the_pace_and_each_repeat_doubles_the_cool_down()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        var first = PaceState.Whole.PushedBack(clock.GetUtcNow(), Options);
        clock.Advance(TimeSpan.FromMinutes(2));
        var second = first.PushedBack(clock.GetUtcNow(), Options);

        Assert.Equal(0.5, first.Pace);
        Assert.Equal(clock.GetUtcNow() - TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(60), first.CoolingUntil);
        Assert.Equal(0.25, second.Pace);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(120), second.CoolingUntil);
        Assert.True(second.IsCooling(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(121));
        Assert.False(second.IsCooling(clock.GetUtcNow()));
    }

    [Fact]
    public void Cool_downs_stop_growing_at_the_maximum_and_the_pace_at_the_floor()
    {
        var now = new FakeTimeProvider().GetUtcNow();
        var state = PaceState.Whole;
        for (var i = 0; i < 12; i++)
        {
            state = state.PushedBack(now, Options);
        }

        Assert.Equal(Options.MinPace, state.Pace);
        Assert.Equal(now + TimeSpan.FromSeconds(600), state.CoolingUntil);
    }

    [Fact]
    public void The_first_push_back_rests_as_long_as_Instagram_asked_and_a_repeat_grows_from_the_base()
    {
        var now = new FakeTimeProvider().GetUtcNow();

        var first = PaceState.Whole.PushedBack(now, Options, retryAfter: TimeSpan.FromSeconds(5));
        var again = first.PushedBack(now, Options, retryAfter: TimeSpan.FromSeconds(5));

        Assert.Equal(now + TimeSpan.FromSeconds(5), first.CoolingUntil);
        Assert.Equal(now + TimeSpan.FromSeconds(120), again.CoolingUntil);
    }

    [Fact]
    public void An_action_block_rests_longer_than_a_429()
    {
        var now = new FakeTimeProvider().GetUtcNow();

        var blocked = PaceState.Whole.PushedBack(now, Options, severity: 8);

        Assert.Equal(now + TimeSpan.FromSeconds(480), blocked.CoolingUntil);
    }

    [Fact]
    public void Successes_restore_the_pace_additively_and_forget_the_streak_once_whole()
    {
        var now = new FakeTimeProvider().GetUtcNow();
        var cut = PaceState.Whole.PushedBack(now, Options).PushedBack(now, Options);

        var once = cut.Succeeded(Options);
        var whole = once.Succeeded(Options).Succeeded(Options).Succeeded(Options);

        Assert.Equal(0.5, once.Pace, 6);
        Assert.Equal(2, once.Streak);
        Assert.Equal(1, whole.Pace);
        Assert.Equal(0, whole.Streak);
    }

    [Fact]
    public void A_young_account_gets_a_share_of_the_caps_that_grows_to_the_whole_at_RampDays()
    {
        Assert.Equal(0.2, ActionCaps.RampShare(TimeSpan.Zero, Options), 6);
        Assert.Equal(0.6, ActionCaps.RampShare(TimeSpan.FromDays(5), Options), 6);
        Assert.Equal(1, ActionCaps.RampShare(TimeSpan.FromDays(10), Options));

        var dayOne = ActionCaps.For(PacingActions.Follow, TimeSpan.FromHours(1), 1, Options, []);
        var grown = ActionCaps.For(PacingActions.Follow, TimeSpan.FromDays(30), 1, Options, []);

        Assert.Equal((6, 30), (dayOne.PerHour, dayOne.PerDay));
        Assert.Contains("warm-up day 1 of 10", dayOne.Why);
        Assert.Equal((30, 150), (grown.PerHour, grown.PerDay));
    }

    [Fact]
    public void Overrides_go_agency_then_workspace_then_account_and_the_pace_narrows_them()
    {
        ActionLimit[] overrides =
        [
            new() { Action = PacingActions.Like, PerHour = 40, PerDay = 200 },
            new() { Action = PacingActions.Like, WorkspaceId = 3, PerHour = 20 },
            new() { Action = PacingActions.Like, AccountId = 7, PerDay = 50 },
            new() { Action = PacingActions.Follow, PerHour = 1 },
        ];

        var cap = ActionCaps.For(PacingActions.Like, TimeSpan.FromDays(100), 0.5, Options, overrides);

        Assert.Equal((10, 25), (cap.PerHour, cap.PerDay));
        Assert.Contains("workspace caps", cap.Why);
        Assert.Contains("account's own caps", cap.Why);
        Assert.Contains("pace 50", cap.Why);
    }

    [Fact]
    public void A_cap_of_zero_stays_off_and_a_small_cap_never_falls_to_zero()
    {
        ActionLimit[] overrides = [new() { Action = PacingActions.Post, PerHour = 0, PerDay = 1 }];

        var cap = ActionCaps.For(PacingActions.Post, TimeSpan.Zero, 0.1, Options, overrides);

        Assert.Equal((0, 1), (cap.PerHour, cap.PerDay));
    }

    [Fact]
    public void A_rest_reads_healthy_once_its_time_is_over_and_a_person_state_never_does()
    {
        var clock = new FakeTimeProvider();
        var until = clock.GetUtcNow() + TimeSpan.FromMinutes(5);

        Assert.Equal(AccountHealth.CoolingDown, AccountHealth.Effective(AccountHealth.CoolingDown, until, clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(AccountHealth.Healthy, AccountHealth.Effective(AccountHealth.CoolingDown, until, clock.GetUtcNow()));
        Assert.Equal(AccountHealth.Healthy, AccountHealth.Effective(AccountHealth.ActionBlocked, until, clock.GetUtcNow()));
        Assert.Equal(AccountHealth.Challenged, AccountHealth.Effective(AccountHealth.Challenged, until, clock.GetUtcNow()));
        Assert.True(AccountHealth.NeedsPerson(AccountHealth.LoggedOut));
        Assert.Equal(AccountHealth.Disabled, AccountHealth.FromAccountStatus(AccountStatuses.Banned));
    }

    [Fact]
    public void Every_paced_kind_maps_to_one_action_in_CSharp_and_in_SQL()
    {
        foreach (var kind in TaskKinds.All)
        {
            var action = PacingActions.ForKind(kind);
            Assert.Equal(action is null, !PacingActions.ForCandidateSql.Contains($"'{kind}'", StringComparison.Ordinal));
            if (action is not null)
            {
                Assert.Contains($"WHEN '{kind}' THEN '{action}'", PacingActions.ForCandidateSql, StringComparison.Ordinal);
            }
        }
    }
}
