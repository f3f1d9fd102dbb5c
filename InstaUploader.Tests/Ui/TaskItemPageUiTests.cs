using System.Net.Http.Json;
using System.Text.Json;
using InstaUploader.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace InstaUploader.Tests.Ui;

/// <summary>
/// Every item can be inspected (issue 23): named by what it works on, the worker that ran it still shown after it
/// finished, its own page with its attempts, errors, log and trace; the task page filters by status and exports CSV.
/// </summary>
[Collection(UiTopologyCollection.Name)]
public sealed class TaskItemPageUiTests(TopologyFixture fx, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_finished_item_keeps_its_worker_and_opens_a_page_with_its_attempts_log_and_trace()
    {
        using var op = fx.OperatorClient();
        var user = OperatorApi.Unique("drill");
        var port = DeadPort.Find();
        using var created = await op.PostAsJsonAsync("/api/v1/proxies", new { scheme = "http", host = "127.0.0.1", port, username = user });
        await OperatorApi.EnsureAsync(created);
        var proxyId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var task = await op.CreateTaskAsync(new { kind = "proxy_diag", name = OperatorApi.Unique("ui_drill"), proxy_ids = new[] { proxyId }, start = true, max_attempts = 1 });
        var taskId = task.GetProperty("id").GetInt32();
        var finished = await op.WaitForTaskAsync(taskId, TimeSpan.FromSeconds(120));
        var item = finished.GetProperty("items")[0];
        Assert.Equal("failed", item.GetProperty("status").GetString());
        var label = $"{user}@127.0.0.1:{port}";

        await using var ui = await UiSession.OpenAsync(browser, fx);
        await ui.SignInAsync();
        await ui.GotoAsync($"tasks/{taskId}");
        var row = ui.Page.GetByTestId("item-row").First;
        await Expect(row.GetByTestId("item-link")).ToHaveTextAsync(label);
        var worker = await row.GetByTestId("item-worker").InnerTextAsync();
        Assert.NotEqual("—", worker);
        Assert.NotEmpty(worker.Trim());

        // Filter: the failed item is listed under failed; nothing is done.
        await ui.Page.GetByTestId("item-filter").SelectOptionAsync("failed");
        await Expect(ui.Page.GetByTestId("item-row")).ToHaveCountAsync(1);
        await Expect(ui.Page.GetByTestId("item-filter").Locator("option[value=done]")).ToHaveCountAsync(0);

        await row.GetByTestId("item-link").ClickAsync();
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = label, Level = 1 })).ToBeVisibleAsync();
        await Expect(ui.Page.GetByTestId("item-worker")).ToHaveTextAsync(worker);
        await Expect(ui.Page.GetByTestId("item-trace")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{32}$"));
        await Expect(ui.Page.GetByTestId("attempts").Locator("li")).ToHaveCountAsync(1);
        await Expect(ui.Page.GetByTestId("attempts")).ToContainTextAsync("Attempt 1: ");
        await Expect(ui.Page.GetByTestId("attempts")).ToContainTextAsync("refused");
        await Expect(ui.Page.GetByTestId("item-log")).Not.ToHaveTextAsync("No log lines yet.");
        await ui.ScreenshotAsync("Task_item_1440");
        await ui.Page.SetViewportSizeAsync(390, 844);
        await ui.ScreenshotAsync("Task_item_390");
        await ui.GotoAsync($"tasks/{taskId}");
        await ui.ScreenshotAsync("Task_detail_items_390");

        // The export lists every item: who, status, attempts, error, result.
        using var csv = await op.GetAsync($"/api/v1/tasks/{taskId}/items.csv");
        await OperatorApi.EnsureAsync(csv);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("number,account,status,attempts,max_attempts,worker,error,result,links", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"1,{label},failed,1,1,{worker},", lines[1], StringComparison.Ordinal);
    }
}
