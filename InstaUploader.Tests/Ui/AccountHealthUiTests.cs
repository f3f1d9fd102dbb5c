using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>
/// An account pacing rested: its page shows the health with until when and why, today's usage against each cap and
/// the decisions' timeline; the account list shows its health and filters by it. Screenshots at 1440 and 390 px.
/// </summary>
[Collection(UiTopologyCollection.Name)]
public sealed class AccountHealthUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = UiSession.Slow;

    [Fact]
    public async Task A_cooling_account_shows_why_until_when_its_usage_and_timeline_and_the_list_filters_by_health()
    {
        using var op = fx.OperatorClient();
        var username = OperatorApi.Unique("cool");
        var id = await op.CreateAccountAsync(username);
        await SeedCoolDownAsync(id);

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync($"accounts/{id}");
        var card = ui.Page.GetByTestId("account-pacing");
        await Expect(card).ToBeVisibleAsync(Slow);
        await Expect(card.GetByTestId("account-health").Locator(".badge")).ToHaveAttributeAsync("data-status", "cooling_down");
        await Expect(card.GetByTestId("account-health")).ToContainTextAsync("No new work until");
        await Expect(card.GetByTestId("health-reason")).ToContainTextAsync("feedback_required on follow item");
        await Expect(card.GetByTestId("account-pace")).ToContainTextAsync("50");
        await Expect(card.GetByTestId("usage-table").Locator("tr[data-action='follow']")).ToContainTextAsync("7 / 15");
        await Expect(card.GetByTestId("pacing-timeline").Locator("li")).ToHaveCountAsync(2);
        await Expect(card.GetByTestId("pacing-timeline")).ToContainTextAsync("pace 100% → 50%");
        // Every automatic decision that holds the account back is on screen: what waits, until when, and why.
        await Expect(card.GetByTestId("pacing-holds")).ToContainTextAsync("All work (cool-down)");
        await Expect(card.GetByTestId("pacing-holds")).ToContainTextAsync("waits until");
        await Expect(card.GetByTestId("pacing-holds")).ToContainTextAsync("feedback_required on follow item 1");
        await Expect(card.GetByTestId("pace-reason")).ToContainTextAsync("feedback_required on follow item 1");
        await ui.ScreenshotAsync("Account_health_timeline_1440");
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Account_health_timeline_390");
        Assert.False(await ui.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"));

        // The account's own caps: a day cap of 40 replaces the ramped default; its pace still halves it.
        await ui.Page.SetViewportSizeAsync(1440, 960);
        await card.GetByTestId("account-caps").Locator("summary").ClickAsync();
        await card.Locator("#cap-follow-per-day").FillAsync("40");
        await card.Locator("#cap-follow-per-day").PressAsync("Tab");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save caps" }).ClickAsync();
        await Expect(card.GetByTestId("usage-table").Locator("tr[data-action='follow']")).ToContainTextAsync("7 / 20");
        await Expect(card.GetByTestId("usage-table").Locator("tr[data-action='follow']")).ToContainTextAsync("account's own caps");
        await ui.ScreenshotAsync("Account_caps_1440");
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Account_caps_390");
        Assert.False(await ui.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"));

        // The workspace's caps: defaults by age shown; a wrong value is named beside its field and goes once fixed.
        await ui.Page.SetViewportSizeAsync(1440, 960);
        await ui.GotoAsync("settings/caps");
        var editor = ui.Page.GetByTestId("caps-editor");
        await Expect(editor).ToBeVisibleAsync(Slow);
        await Expect(editor.Locator("thead")).ToContainTextAsync("Day 1");
        await editor.Locator("#cap-post-per-hour").FillAsync("9");
        await editor.Locator("#cap-post-per-day").FillAsync("3");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save caps" }).ClickAsync();
        await Expect(ui.Page.Locator("#err-caps-post-per_hour")).ToBeVisibleAsync(Slow);
        await ui.ScreenshotAsync("Workspace_caps_error_1440");
        await editor.Locator("#cap-post-per-hour").FillAsync("");
        await editor.Locator("#cap-post-per-hour").PressAsync("Tab");
        await Expect(ui.Page.Locator("#err-caps-post-per_hour")).ToBeHiddenAsync();
        await ui.ScreenshotAsync("Workspace_caps_1440");
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Workspace_caps_390");
        Assert.False(await ui.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"));

        await ui.Page.SetViewportSizeAsync(1440, 960);
        await ui.GotoAsync($"accounts?health=cooling_down");
        var row = ui.Page.GetByTestId("account-row").Filter(new() { HasText = username });
        await Expect(row).ToBeVisibleAsync(Slow);
        await Expect(row.GetByTestId("account-health-cell").Locator(".badge")).ToHaveAttributeAsync("data-status", "cooling_down");
        await ui.ScreenshotAsync("Account_list_health_1440");
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Account_list_health_390");

        await ui.Page.SetViewportSizeAsync(1440, 960);
        await ui.GotoAsync("accounts?health=healthy");
        await Expect(ui.Page.GetByTestId("accounts-table").Or(ui.Page.GetByText("No accounts match")).First).ToBeVisibleAsync(Slow);
        await Expect(ui.Page.GetByTestId("account-row").Filter(new() { HasText = username })).ToHaveCountAsync(0);
    }

    // What pacing writes after a feedback_required on a follow: health, pace and cool-down, the decisions, 7 follows today.
    private async Task SeedCoolDownAsync(int accountId)
    {
        await using var connection = new NpgsqlConnection(await fx.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var seed = new NpgsqlCommand("""
            UPDATE accounts SET health = 'cooling_down', pace = 0.5, push_back_streak = 1, cooling_until = now() + interval '2 hours',
                health_reason = 'feedback_required on follow item 1: pace 100% → 50%, cool-down #1 until later' WHERE id = @id;
            INSERT INTO action_events (account_id, action, count, occurred_at) VALUES (@id, 'follow', 4, now() - interval '3 hours'), (@id, 'follow', 3, now() - interval '5 minutes');
            INSERT INTO pacing_events (account_id, at, kind, health, previous_health, pace, cooling_until, reason) VALUES
                (@id, now() - interval '2 hours', 'pace', 'healthy', NULL, 1, NULL, 'follow item 1 succeeded: pace 90% → 100%'),
                (@id, now() - interval '1 minute', 'health', 'cooling_down', 'healthy', 0.5, now() + interval '2 hours',
                 'feedback_required on follow item 1: pace 100% → 50%, cool-down #1 until later');
            """, connection);
        seed.Parameters.AddWithValue("id", accountId);
        await seed.ExecuteNonQueryAsync();
    }
}
