using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

[Collection(UiTopologyCollection.Name)]
public sealed class TaskDetailActionsUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Cancel_then_retry_cancelled_from_the_detail_page_runs_the_item_again_and_a_permanent_failure_offers_no_retry()
    {
        using var op = fx.OperatorClient();
        using var created = await op.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = "127.0.0.1", port = DeadPort.Find(), username = OperatorApi.Unique("retry") });
        await OperatorApi.EnsureAsync(created);
        var proxyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var task = await op.CreateTaskAsync(new { kind = "proxy_diag", name = OperatorApi.Unique("ui_retry"), proxy_ids = new[] { proxyId }, start = false });

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync($"tasks/{task.GetProperty("id").GetInt32()}");
        var status = ui.Page.GetByTestId("task-status").Locator(".badge");
        var row = ui.Page.GetByTestId("item-row").First;
        await Expect(status).ToHaveAttributeAsync("data-status", "pending", new() { Timeout = 30000 });

        await ui.Page.GetByTestId("cancel").ClickAsync();
        await Expect(status).ToHaveAttributeAsync("data-status", "cancelled", new() { Timeout = 30000 });
        await Expect(row).ToHaveAttributeAsync("data-item-status", "cancelled");
        await Expect(ui.Page.GetByTestId("cancel")).ToHaveCountAsync(0);
        await ui.ScreenshotAsync("Task_detail_cancelled");

        // "Retry failed" is for failures: the cancelled item is run again by its own action.
        await Expect(ui.Page.GetByTestId("retry")).ToHaveCountAsync(0);
        await ui.Page.GetByTestId("retry-cancelled").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-item-status", "failed", new() { Timeout = 120000 });
        await Expect(row).ToContainTextAsync("connection refused");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync(new Regex(@"^1 / \d+$"));
        await Expect(ui.Page.GetByTestId("task-log")).ToContainTextAsync("Re-queued 1 cancelled.");
        // A dead proxy is not fixed by another attempt, so no retry is offered.
        await Expect(ui.Page.GetByTestId("retry")).ToHaveCountAsync(0);
        await Expect(ui.Page.GetByTestId("retry-cancelled")).ToHaveCountAsync(0);
        await ui.ScreenshotAsync("Task_detail_retried");
    }
}
