using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>Tags and the account list's bulk bar: select every account a filter matches (more than a page), act on all of them.</summary>
[Collection(UiTopologyCollection.Name)]
public sealed class BulkActionsUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Selecting_all_matching_a_tag_tags_every_account_not_just_the_page()
    {
        using var op = fx.OperatorClient();
        var client = "client-" + Guid.NewGuid().ToString("n")[..8];
        for (var i = 0; i < 30; i++)
        {
            using var r = await op.PostAsJsonAsync("/api/v1/accounts", new { username = OperatorApi.Unique("bulkui"), password = "pw-1", tags = new[] { client } });
            await OperatorApi.EnsureAsync(r);
        }

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync($"accounts?tag={client}");
        await Expect(ui.Page.GetByTestId("account-row")).ToHaveCountAsync(25);
        await ui.Page.GetByTestId("select-page").CheckAsync();
        await Expect(ui.Page.GetByTestId("selected-count")).ToHaveTextAsync("25 selected");
        await ui.Page.GetByTestId("select-all-matching").ClickAsync();
        await Expect(ui.Page.GetByTestId("selected-count")).ToHaveTextAsync("All 30 matching selected");

        var batch = "batch-" + Guid.NewGuid().ToString("n")[..6];
        await ui.Page.Locator("#bulk-action").SelectOptionAsync("tag");
        await ui.Page.Locator("#bulk-tag").FillAsync(batch);
        await ui.ScreenshotAsync("Accounts_bulk_bar_1440");
        await ui.Page.GetByTestId("bulk-apply").ClickAsync();
        await Expect(ui.Page.GetByTestId("bulk-report")).ToContainTextAsync("on 30 account(s)");
        await Expect(ui.Page.GetByTestId("bulk-report")).ToContainTextAsync("30 changed");

        var tagged = await op.GetFromJsonAsync<JsonElement>($"/api/v1/accounts?tag={batch}&page_size=100");
        Assert.Equal(30, tagged.GetProperty("total").GetInt32());

        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Accounts_bulk_report_390");

        // The task forms filter accounts by tag too; opened with ?tag= every account with it starts selected.
        await ui.Page.SetViewportSizeAsync(1440, 960);
        await ui.GotoAsync($"tasks/new/warmup?tag={batch}");
        await Expect(ui.Page.GetByTestId("checklist-accounts").Locator("legend")).ToContainTextAsync("(30 selected)");
        await Expect(ui.Page.GetByTestId("checklist-accounts").Locator(".picker label")).ToHaveCountAsync(30);
        await ui.ScreenshotAsync("Task_create_by_tag_1440");
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Task_create_by_tag_390");
    }

    [Fact]
    public async Task Starting_a_preset_on_many_accounts_shows_the_plan_to_edit_and_starts_the_edited_plan()
    {
        using var op = fx.OperatorClient();
        var client = "plan-" + Guid.NewGuid().ToString("n")[..8];
        for (var i = 0; i < 2; i++)
        {
            using var r = await op.PostAsJsonAsync("/api/v1/accounts", new { username = OperatorApi.Unique("planui"), password = "pw-1", tags = new[] { client } });
            await OperatorApi.EnsureAsync(r);
        }

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync($"accounts?tag={client}");
        await Expect(ui.Page.GetByTestId("account-row")).ToHaveCountAsync(2);
        await ui.Page.GetByTestId("select-page").CheckAsync();
        await ui.Page.Locator("#bulk-action").SelectOptionAsync("start_task");
        await ui.Page.Locator("#bulk-kind").SelectOptionAsync("warmup");
        await ui.Page.GetByTestId("bulk-apply").ClickAsync();

        // The same named plan as the task form, in numbers to edit and in words per account.
        var confirm = ui.Page.GetByTestId("start-confirm");
        await Expect(confirm).ToContainTextAsync("Start “Standard warm-up” for 2 account(s)?");
        await Expect(confirm.GetByLabel("Feed scrolls")).ToHaveValueAsync("10");
        await Expect(confirm.GetByTestId("plan-per-account")).ToHaveTextAsync("Each of the 2 account(s) will scroll the feed 10 times, like 2–8 posts, watch 1–5 stories.");

        await confirm.GetByLabel("Feed scrolls").FillAsync("4");
        await confirm.GetByLabel("Likes min").FillAsync("9");
        await confirm.GetByLabel("Likes min").PressAsync("Tab");
        await Expect(confirm).ToContainTextAsync("Start “Standard warm-up (changed)” for 2 account(s)?");
        await Expect(confirm.GetByTestId("plan-per-account")).ToContainTextAsync("scroll the feed 4 times, like 9–8 posts");
        await ui.Page.GetByTestId("start-confirm-yes").ClickAsync();
        var likesError = confirm.Locator("#err-task-options-likes_min");
        await Expect(likesError).ToContainTextAsync("“Likes min” must not exceed “Likes max”");
        await ui.ScreenshotAsync("Accounts_start_plan_error_1440");

        await confirm.GetByLabel("Likes min").FillAsync("3");
        await confirm.GetByLabel("Likes min").PressAsync("Tab");
        await Expect(likesError).ToBeHiddenAsync();
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Accounts_start_plan_390");
        await ui.Page.SetViewportSizeAsync(1440, 960);
        await ui.Page.GetByTestId("start-confirm-yes").ClickAsync();
        await Expect(ui.Page.GetByTestId("bulk-report")).ToContainTextAsync("on 2 account(s)");
        var href = await ui.Page.GetByTestId("bulk-report").GetByRole(AriaRole.Link, new() { NameRegex = new("Open task") }).GetAttributeAsync("href");
        var task = await op.GetTaskAsync(int.Parse(href!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture));
        var options = task.GetProperty("options");
        Assert.Equal(4, options.GetProperty("feed_scrolls").GetInt32());
        Assert.Equal(3, options.GetProperty("likes_min").GetInt32());
        Assert.Equal(8, options.GetProperty("likes_max").GetInt32());
    }
}
